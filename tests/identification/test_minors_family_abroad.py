"""Issue 3, item 6: minors, family and people abroad — through the pages and the API."""

import datetime
from decimal import Decimal

import pytest

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions.models import Application, Signatory
from atbalsts.identification import services
from atbalsts.identification.models import CaseChild, EligibilityNote, LegalRepresentative, TravelSupport
from atbalsts.people.services import add_family_member, create_client
from atbalsts.policy.eligibility import eligible_for_rehabilitation, reflection_period_active
from atbalsts.policy.rules import MK344
from tests.conftest import TEST_TODAY, actor

from .flow import recognised_case

J = {"content_type": "application/json"}
TODAY = TEST_TODAY  # the day the suite sets the clock to


def _years_ago(years: int) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years, day=min(TODAY.day, 28))


def _events(object_type, action=None):
    qs = AuditEvent.objects.filter(object_type=object_type)
    return qs.filter(action=action) if action else qs


@pytest.fixture
def case(people, client_record):
    return services.open_case(actor(people["sw"]), client_record)


@pytest.fixture
def child(people, client_record):
    return add_family_member(actor(people["sw"]), client_record, {
        "relation": "child", "given_names": "Jānis", "surname": "Bērziņš", "birth_date": _years_ago(8),
        "accompanying": True})


@pytest.fixture
def sw_http(people, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    return http


# --- 1. Legal representative ---------------------------------------------------------------------


def test_the_case_team_records_a_legal_representative_on_the_case_page(people, case, sw_http):
    response = sw_http.post(f"/identification/{case.pk}/legal-representative/",
                            {"name": "Anna Bērziņa", "relation": "māte", "basis": "parent"})
    assert response.status_code == 302
    rep = LegalRepresentative.objects.get(case=case)
    assert (rep.name, rep.relation, rep.basis) == ("Anna Bērziņa", "māte", "parent")
    assert _events("legal_representative", Action.CREATE).get().object_ref == case.reference
    page = sw_http.get(f"/identification/{case.pk}/").content.decode()
    assert "Anna Bērziņa" in page and "Parent" in page

    # Recording again replaces it, and that too is audited.
    sw_http.post(f"/identification/{case.pk}/legal-representative/",
                 {"name": "Bāriņtiesa Rīga", "relation": "aizbildnis", "basis": "orphans_court"})
    assert LegalRepresentative.objects.get(case=case).basis == "orphans_court"
    assert _events("legal_representative", Action.UPDATE).exists()


def test_the_legal_representatives_name_is_stored_encrypted(case, people):
    services.record_legal_representative(actor(people["sw"]), case,
                                         {"name": "Anna Bērziņa", "relation": "māte", "basis": "parent"})
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, relation FROM identification_legalrepresentative")
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "Anna" not in raw and "māte" not in raw


def test_a_legal_representative_without_a_name_is_refused_and_nothing_is_saved(case, sw_http):
    response = sw_http.post(f"/identification/{case.pk}/legal-representative/",
                            {"name": "", "relation": "māte", "basis": "parent"})
    assert response.status_code == 400
    assert not LegalRepresentative.objects.exists()
    assert not _events("legal_representative").exists()


def test_a_minors_application_to_siva_names_the_recorded_legal_representative(people, orgs, login):
    sw = actor(people["sw"])
    minor = create_client(sw, {"given_names": "M", "surname": "Bērns", "birth_date": _years_ago(14)})
    case = recognised_case(people, orgs, minor, items=("recruited", "excess_hours"))
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    page = http.get(f"/identification/{case.pk}/").content.decode()
    assert "The person is a minor: record the legal representative before applying to SIVA." in page
    data = {"ground": case.grounds.get().pk, "signatory": "legal_representative", "signatory_name": "",
            "signed_on": TODAY.strftime("%d.%m.%Y")}

    response = http.post(f"/decisions/apply/{case.pk}/", data)
    assert response.status_code == 200
    assert ("The person is a minor: record the legal representative on the identification case before "
            "applying to SIVA.") in response.content.decode()
    assert not Application.objects.exists()

    services.record_legal_representative(sw, case, {"name": "Anna Bērns", "relation": "māte", "basis": "parent"})
    # Another name than the recorded representative's is refused.
    response = http.post(f"/decisions/apply/{case.pk}/", {**data, "signatory_name": "Cits Cilvēks"})
    assert "The application must name the legal representative recorded on the case: Anna Bērns." in \
        response.content.decode()
    assert not Application.objects.exists()

    assert http.post(f"/decisions/apply/{case.pk}/", data).status_code == 302
    app = Application.objects.get()
    assert (app.signatory, app.signatory_name) == (Signatory.LEGAL_REPRESENTATIVE, "Anna Bērns")


def test_an_adult_applies_without_a_legal_representative(people, orgs, client_record, sw_http):
    case = recognised_case(people, orgs, client_record)
    response = sw_http.post(f"/decisions/apply/{case.pk}/", {
        "ground": case.grounds.get().pk, "signatory": "person", "signatory_name": "Līga Bērziņa",
        "signed_on": TODAY.strftime("%d.%m.%Y")})
    assert response.status_code == 302
    assert Application.objects.get().signatory_name == "Līga Bērziņa"


# --- 2. Accompanying minor children --------------------------------------------------------------


def test_an_accompanying_minor_child_is_linked_to_the_case(case, child, sw_http):
    page = sw_http.get(f"/identification/{case.pk}/").content.decode()
    assert "Jānis Bērziņš" in page  # offered in the list
    response = sw_http.post(f"/identification/{case.pk}/children/", {"member": child.pk})
    assert response.status_code == 302
    assert CaseChild.objects.get(case=case).member == child
    assert _events("case_child", Action.CREATE).get().object_ref == case.reference


@pytest.mark.parametrize(("who", "message"), [
    ("adult", "Only a child who is a minor on"),
    ("not_accompanying", "Only a family member marked as accompanying can be linked."),
    ("other_client", "This person is not a family member of this client."),
])
def test_linking_a_child_is_refused_with_a_reason_and_nothing_is_saved(people, case, client_record, sw_http,
                                                                        who, message):
    sw = actor(people["sw"])
    if who == "other_client":
        other = create_client(sw, {"given_names": "O", "surname": "Cits"})
        member = add_family_member(sw, other, {"relation": "child", "given_names": "Svešs",
                                               "birth_date": _years_ago(5), "accompanying": True})
    else:
        member = add_family_member(sw, client_record, {
            "relation": "child", "given_names": "Pēteris",
            "birth_date": _years_ago(20 if who == "adult" else 5), "accompanying": who == "adult"})
    response = sw_http.post(f"/identification/{case.pk}/children/", {"member": member.pk})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CaseChild.objects.exists()
    assert not _events("case_child").exists()


def test_a_child_who_turns_18_is_no_longer_a_minor_on_that_date(people, case, client_record):
    sw = actor(people["sw"])
    member = add_family_member(sw, client_record, {"relation": "child", "given_names": "A",
                                                   "birth_date": datetime.date(2008, 12, 1), "accompanying": True})
    with pytest.raises(Exception, match="minor"):
        services.link_child(sw, case, member, on=datetime.date(2026, 12, 1))
    assert services.link_child(sw, case, member, on=datetime.date(2026, 11, 30)).member == member


# --- 3. Travel to Latvia -------------------------------------------------------------------------


def test_travel_to_latvia_is_recorded_and_listed_on_the_case_page(case, child, sw_http):
    sw_http.post(f"/identification/{case.pk}/children/", {"member": child.pk})
    response = sw_http.post(f"/identification/{case.pk}/travel/", {
        "from_country": "Īrija", "from_city": "Dublina", "travel_date": "10.11.2026", "cost": "245.50",
        "accompanied_by": "sociālā darbiniece", "children": [child.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    travel = TravelSupport.objects.get()
    assert travel.cost == Decimal("245.50") and list(travel.children.all()) == [child]
    assert _events("travel_support", Action.CREATE).exists()
    page = sw_http.get(f"/identification/{case.pk}/").content.decode()
    assert "Dublina, Īrija" in page and "10.11.2026" in page and "€245.50" in page


def test_travel_with_a_negative_cost_is_refused_and_nothing_is_saved(case, sw_http):
    response = sw_http.post(f"/identification/{case.pk}/travel/", {
        "from_country": "Īrija", "travel_date": "10.11.2026", "cost": "-1"})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0" in response.content.decode()
    assert not TravelSupport.objects.exists()
    assert not _events("travel_support").exists()


def test_travel_with_a_child_not_linked_to_the_case_is_refused(people, case, child):
    with pytest.raises(Exception, match="linked to this case"):
        services.record_travel(actor(people["sw"]), case, {
            "from_country": "Īrija", "travel_date": TODAY, "cost": Decimal("0"), "children": [child]})
    assert not TravelSupport.objects.exists()


# --- 4. Eligibility ------------------------------------------------------------------------------


def test_a_non_eu_citizen_in_the_reflection_period_is_shown_as_eligible(case, sw_http):
    response = sw_http.post(f"/identification/{case.pk}/eligibility/", {
        "eu_citizen": "no", "reflection_start": (TODAY - datetime.timedelta(days=3)).strftime("%d.%m.%Y"),
        "reflection_end": (TODAY + datetime.timedelta(days=26)).strftime("%d.%m.%Y"), "permit_status": "none"})
    assert response.status_code == 302
    note = EligibilityNote.objects.get(case=case)
    assert note.eu_citizen is False
    # Citizenship and residence status stay in the encrypted note, out of the audit trail.
    assert _events("eligibility_note", Action.CREATE).get().detail == {"eligible": True}
    page = sw_http.get(f"/identification/{case.pk}/").content.decode()
    assert "Eligible: the reflection period is running." in page


def test_a_non_eu_citizen_without_a_permit_or_reflection_period_is_shown_as_not_eligible(case, sw_http):
    sw_http.post(f"/identification/{case.pk}/eligibility/", {"eu_citizen": "no", "permit_status": "refused"})
    sw_http.cookies["django_language"] = "lv"
    page = sw_http.get(f"/identification/{case.pk}/").content.decode()
    assert "Nav tiesīga: persona nav ES pilsonis" in page


def test_a_reflection_period_that_ends_before_it_starts_is_refused(case, sw_http):
    response = sw_http.post(f"/identification/{case.pk}/eligibility/", {
        "eu_citizen": "no", "reflection_start": "10.11.2026", "reflection_end": "01.11.2026",
        "permit_status": "none"})
    assert response.status_code == 400
    assert "The reflection period cannot end before it starts." in response.content.decode()
    assert not EligibilityNote.objects.exists()
    assert not _events("eligibility_note").exists()


# --- Access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["legal-representative/", "children/", "travel/", "eligibility/"])
def test_another_provider_gets_404_and_nothing_is_saved(people, case, child, login, path):
    outsider = login(people["outsider"])
    data = {"name": "X", "relation": "Y", "basis": "parent", "member": child.pk, "from_country": "Īrija",
            "travel_date": "10.11.2026", "cost": "1", "eu_citizen": "yes", "permit_status": "none"}
    assert outsider.post(f"/identification/{case.pk}/{path}", data).status_code == 404
    assert outsider.post(f"/api/identification/cases/{case.pk}/{path}", data, **J).status_code == 404
    assert not (LegalRepresentative.objects.exists() or CaseChild.objects.exists()
                or TravelSupport.objects.exists() or EligibilityNote.objects.exists())
    assert _events("identification_case", Action.DENIED).exists()


# --- API -----------------------------------------------------------------------------------------


def test_items_one_to_four_through_the_api(people, case, child, login):
    api = login(people["sw"])
    api.cookies["django_language"] = "en"
    base = f"/api/identification/cases/{case.pk}"
    r = api.post(f"{base}/legal-representative/", {"name": "Anna", "relation": "māte", "basis": "guardian"}, **J)
    assert r.status_code == 201 and r.json()["basis"] == "guardian"

    r = api.post(f"{base}/children/", {"member": child.pk}, **J)
    assert r.status_code == 201 and r.json()["member"] == child.pk

    r = api.post(f"{base}/travel/", {"from_country": "Vācija", "travel_date": "2026-11-10", "cost": "-5"}, **J)
    assert r.status_code == 400 and "cost" in r.json()
    r = api.post(f"{base}/travel/", {"from_country": "Vācija", "from_city": "Berlīne", "travel_date": "2026-11-10",
                                     "cost": "120.00", "accompanied_by": "brīvprātīgais", "children": [child.pk]},
                 **J)
    assert r.status_code == 201, r.content
    assert r.json()["cost"] == "120.00" and r.json()["children"] == [child.pk]

    r = api.post(f"{base}/eligibility/", {"eu_citizen": False, "permit_status": "granted"}, **J)
    assert r.status_code == 201, r.content
    assert r.json()["eligible"] is True and r.json()["reason"] == "residence_permit"

    other = create_client(actor(people["sw"]), {"given_names": "O", "surname": "Cits"})
    stranger = add_family_member(actor(people["sw"]), other, {"relation": "child", "given_names": "S",
                                                              "birth_date": _years_ago(3), "accompanying": True})
    r = api.post(f"{base}/children/", {"member": stranger.pk}, **J)
    assert r.status_code == 400
    assert r.json()["member"] == ["This person is not a family member of this client."]

    for object_type in ("legal_representative", "case_child", "travel_support", "eligibility_note"):
        assert _events(object_type, Action.CREATE).count() == 1, object_type


def test_the_new_endpoints_are_in_the_openapi_schema(people, login):
    schema = login(people["sw"]).get("/api/schema/").content.decode()
    for path in ("legal-representative", "children", "travel", "eligibility"):
        assert f"/api/identification/cases/{{id}}/{path}/" in schema


# --- The eligibility rule (pure) -----------------------------------------------------------------


def test_an_eu_citizen_is_eligible():
    result = eligible_for_rehabilitation(True, False, "none", MK344)
    assert result.eligible and result.reason == "eu_citizen"


def test_a_non_eu_citizen_is_eligible_during_the_reflection_period():
    assert eligible_for_rehabilitation(False, True, "none", MK344).reason == "reflection_period"


def test_a_non_eu_citizen_with_a_residence_permit_granted_as_a_victim_is_eligible():
    assert eligible_for_rehabilitation(False, False, "granted", MK344).reason == "residence_permit"


@pytest.mark.parametrize(("status", "reason"), [("none", "not_eligible"), ("refused", "not_eligible"),
                                                ("applied", "permit_pending")])
def test_a_non_eu_citizen_without_a_permit_or_reflection_period_is_not_eligible(status, reason):
    result = eligible_for_rehabilitation(False, False, status, MK344)
    assert not result.eligible and result.reason == reason
    assert result.message_lv and result.message_en


def test_unknown_citizenship_is_not_eligible_until_recorded():
    assert eligible_for_rehabilitation(None, True, "granted", MK344).reason == "unknown"


def test_the_reflection_period_includes_both_ends():
    start, end = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    assert reflection_period_active(start, end, start) and reflection_period_active(start, end, end)
    assert not reflection_period_active(start, end, datetime.date(2026, 12, 1))
    assert not reflection_period_active(None, None, start)
