"""Step 1's three parts, municipal case teams, and consent signed at the municipal office."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from atbalsts.accounts.models import Organisation, OrganisationKind, Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.municipal import services
from atbalsts.municipal.models import CaseStep, MunicipalCase, OfficeConsent
from atbalsts.people import access as people_access
from atbalsts.people import services as people_services
from atbalsts.people.models import CaseTeamMember, Consent, ConsentDocument
from tests.conftest import actor, make_user
from tests.files import PDF  # a real PDF: uploads are parsed

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _frozen():
    # The service calls below read their refusals in English; pages choose their own language.
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC), tick=False), \
            translation.override("en"):
        yield


def lv(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def colleague(orgs):
    return make_user("colleague", orgs["municipal"], Role.MUNICIPAL_SOCIAL_WORKER)


@pytest.fixture
def muni_admin(orgs):
    return make_user("muni_admin", orgs["municipal"], Role.ORG_ADMIN)


@pytest.fixture
def other_municipal(orgs):
    org = Organisation.objects.create(name="Test other municipality", kind=OrganisationKind.MUNICIPAL_SOCIAL_SERVICE)
    return {"worker": make_user("other_worker", org, Role.MUNICIPAL_SOCIAL_WORKER),
            "admin": make_user("other_admin", org, Role.ORG_ADMIN)}


@pytest.fixture
def case(people):
    """The municipality's case for Līga Bērziņa, who is also provider A's client."""
    return services.open_case(actor(people["municipal"]), {"contact_stage": "after", "person": {
        "given_names": "Līga", "surname": "Bērziņa", "personal_code": "000101-12345"}})


@pytest.fixture
def theirs(people):
    """Provider A's client: the same person as ``case``."""
    return people_services.create_client(actor(people["sw"]), {
        "given_names": "Līga", "surname": "BĒRZIŅA", "personal_code": "00010112345",
        "birth_date": datetime.date(1995, 3, 14)})


def full_step_one(**extra):
    return {"step": 1, "date": TODAY, "interview_on": TODAY, "interview_notes": "Saruna birojā",
            "needs": ["safety_housing"], "needs_assessment": "Vajadzīgs mājoklis",
            "home_visit_on": TODAY, "home_visit_notes": "Dzīvo pie māsas", **extra}


def consent_data(orgs, theirs, **extra):
    return {"provider": orgs["provider_a"], "provider_case_number": theirs.case_number,
            "categories": ["identity", "services"], "purpose": "Sociālā gadījuma vadība",
            "valid_from": TODAY, "valid_until": days(365), **extra}


def upload(content=PDF, name="piekrisana.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- step 1 ----------------------------------------------------------------------------------


def test_step_one_holds_the_interview_the_needs_assessment_and_the_home_visit(people, case):
    row = services.record_step(actor(people["municipal"]), case, full_step_one())
    row.refresh_from_db()
    assert (row.interview_on, row.home_visit_on, row.needs) == (TODAY, TODAY, ["safety_housing"])
    assert (row.interview_notes, row.needs_assessment, row.home_visit_notes) == (
        "Saruna birojā", "Vajadzīgs mājoklis", "Dzīvo pie māsas")
    with connection.cursor() as cursor:
        cursor.execute("SELECT needs_assessment, home_visit_notes FROM municipal_casestep WHERE id = %s", [row.pk])
        stored = " ".join(str(v) for v in cursor.fetchone())
    assert "mājoklis" not in stored and "māsas" not in stored
    event = AuditEvent.objects.get(object_type="municipal_step", object_ref=case.reference)
    assert event.detail["interview"] is True and event.detail["home_visit"] == "made"
    assert "māsas" not in str(event.detail)


def test_step_two_waits_until_step_one_has_all_three_parts(people, case):
    worker = actor(people["municipal"])
    services.record_step(worker, case, {"step": 1, "date": TODAY, "interview_on": TODAY})
    with pytest.raises(ValidationError) as refused:
        services.record_step(worker, case, {"step": 2, "date": TODAY, "fits_target_group": True})
    message = " ".join(refused.value.messages)
    assert "the needs assessment" in message and "the home visit" in message and "the interview" not in message
    # The rest of step 1 a week later; a home visit not made counts when the reason is written.
    services.record_step(worker, case, {"step": 1, "date": days(0), "needs": ["information"],
                                        "home_visit_notes": "Persona dzīvo patversmē, apsekošana nav vajadzīga"})
    assert services.record_step(worker, case, {"step": 2, "date": TODAY, "fits_target_group": True}).step == 2


def test_a_step_one_with_no_part_is_refused_and_nothing_is_saved(people, case):
    with pytest.raises(ValidationError) as refused:
        services.record_step(actor(people["municipal"]), case, {"step": 1, "date": TODAY, "notes": "Tikai piezīme"})
    assert "at least one part of step 1" in " ".join(refused.value.messages)
    assert not CaseStep.objects.exists()


def test_an_interview_on_the_day_of_the_step_is_fine_and_a_day_later_is_refused(people, case):
    worker = actor(people["municipal"])
    with pytest.raises(ValidationError) as refused:
        services.record_step(worker, case, full_step_one(date=days(-1), interview_on=TODAY))
    assert "after the date of the step" in " ".join(refused.value.messages)
    assert services.record_step(worker, case, full_step_one(date=days(-1), interview_on=days(-1),
                                                             home_visit_on=days(-1))).pk


def test_interview_notes_without_the_interview_date_are_refused(people, case):
    with pytest.raises(ValidationError) as refused:
        services.record_step(actor(people["municipal"]), case, full_step_one(interview_on=None))
    assert "date of the interview" in " ".join(refused.value.messages)


def test_the_step_page_records_step_one_and_shows_what_is_missing(people, case, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    response = http.post(f"/municipal/cases/{case.pk}/steps/new/", {
        "step": 1, "date": lv(TODAY), "interview_on": lv(TODAY), "interview_notes": "Saruna"})
    assert response.status_code == 302
    page = http.get(f"/municipal/cases/{case.pk}/").content.decode()
    assert "Step 1 still needs" in page and "the home visit" in page
    http.cookies["django_language"] = "lv"
    page = http.get(f"/municipal/cases/{case.pk}/").content.decode()
    assert "1. solim vēl trūkst" in page and "apsekošana" in page


def test_step_one_parts_go_through_the_api(people, case, login):
    http = login(people["municipal"])
    response = http.post(f"/api/municipal/cases/{case.pk}/steps/", {
        "step": 1, "date": TODAY.isoformat(), "interview_on": TODAY.isoformat(), "needs": ["information"],
        "home_visit_notes": "Nav droši apmeklēt"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["home_visit_notes"] == "Nav droši apmeklēt"
    assert response.json()["interview_on"] == TODAY.isoformat()
    too_long = http.post(f"/api/municipal/cases/{case.pk}/steps/", {
        "step": 1, "date": TODAY.isoformat(), "home_visit_notes": "x" * 5001}, content_type="application/json")
    assert too_long.status_code == 400 and CaseStep.objects.count() == 1


# --- case teams ------------------------------------------------------------------------------


def test_a_worker_of_the_same_service_not_on_the_team_gets_404(people, case, colleague, login):
    http = login(colleague)
    assert http.get(f"/municipal/cases/{case.pk}/").status_code == 404
    assert case.reference not in http.get("/municipal/").content.decode()
    assert http.get(f"/api/municipal/cases/{case.pk}/").status_code == 404
    assert case.reference not in http.get("/api/municipal/cases/").content.decode()
    assert http.post(f"/municipal/cases/{case.pk}/steps/new/", full_step_one(date=lv(TODAY))).status_code == 404
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="municipal_case",
                                     actor_id=colleague.pk).exists()
    with pytest.raises(PermissionDenied):
        services.record_step(actor(colleague), case, full_step_one())
    assert not CaseStep.objects.exists()


def test_the_administrator_puts_a_colleague_on_the_team_who_then_sees_the_case(people, case, colleague,
                                                                                muni_admin, login):
    admin = login(muni_admin)
    admin.cookies["django_language"] = "en"
    overview = admin.get("/municipal/teams/").content.decode()
    assert case.reference in overview and "Bērziņa" not in overview
    assert admin.get(f"/municipal/cases/{case.pk}/").status_code == 404  # assigning opens nothing of the person
    assert admin.post(f"/municipal/cases/{case.pk}/team/", {"user": colleague.pk}).status_code == 302
    assert CaseTeamMember.objects.filter(client=case.client, user=colleague).exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="municipal_case_team",
                                     object_ref=case.reference, actor_id=muni_admin.pk).exists()
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="municipal_case_team",
                                     actor_id=muni_admin.pk).exists()
    assert login(colleague).get(f"/municipal/cases/{case.pk}/").status_code == 200


def test_a_team_member_may_add_a_colleague_too(people, case, colleague):
    services.add_to_case_team(actor(people["municipal"]), case, colleague.pk)
    assert case.reference in [c.reference for c in services.cases_visible_to(actor(colleague))]


@pytest.mark.parametrize("who", ["sw", "org_admin", "other_worker", "other_admin", "colleague"])
def test_nobody_outside_the_team_or_the_services_administration_sees_or_changes_the_team(
        people, case, colleague, other_municipal, login, who):
    user = {**people, **other_municipal, "other_worker": other_municipal["worker"],
            "other_admin": other_municipal["admin"], "colleague": colleague}[who]
    http = login(user)
    assert http.get(f"/municipal/cases/{case.pk}/team/").status_code == 404
    assert http.post(f"/municipal/cases/{case.pk}/team/", {"user": user.pk}).status_code == 404
    assert http.get(f"/api/municipal/cases/{case.pk}/team/").status_code in (403, 404)
    assert http.post(f"/api/municipal/cases/{case.pk}/team/", {"user": user.pk},
                     content_type="application/json").status_code in (403, 404)
    teams = http.get("/municipal/teams/")
    # Another service's administrator has its own (here empty) overview; nobody else has one.
    assert teams.status_code == (200 if who == "other_admin" else 404)
    assert case.reference not in teams.content.decode()
    assert list(case.client.team.values_list("user_id", flat=True)) == [people["municipal"].pk]


def test_only_a_municipal_social_worker_of_the_same_service_can_join(people, case, other_municipal, muni_admin):
    admin = actor(muni_admin)
    for user in (other_municipal["worker"], people["sw"], muni_admin):
        with pytest.raises(ValidationError) as refused:
            services.add_to_case_team(admin, case, user.pk)
        assert "user" in refused.value.message_dict
    assert case.client.team.count() == 1


def test_the_last_member_of_a_team_cannot_be_removed(people, case, colleague, muni_admin):
    admin = actor(muni_admin)
    with pytest.raises(ValidationError):
        services.remove_from_case_team(admin, case, people["municipal"].pk)
    services.add_to_case_team(admin, case, colleague.pk)
    services.remove_from_case_team(admin, case, people["municipal"].pk)
    assert list(case.client.team.values_list("user_id", flat=True)) == [colleague.pk]
    assert AuditEvent.objects.filter(action=Action.DELETE, object_type="municipal_case_team").exists()


def test_the_team_is_managed_over_the_api(people, case, colleague, muni_admin, login):
    http = login(muni_admin)
    listing = http.get("/api/municipal/cases/teams/")
    assert listing.status_code == 200 and listing.json()["results"][0]["reference"] == case.reference
    assert "client" not in listing.json()["results"][0]
    added = http.post(f"/api/municipal/cases/{case.pk}/team/", {"user": colleague.pk}, content_type="application/json")
    assert added.status_code == 200 and {m["user"] for m in added.json()["team"]} == {people["municipal"].pk,
                                                                                       colleague.pk}
    wrong = http.post(f"/api/municipal/cases/{case.pk}/team/", {"user": people["sw"].pk},
                      content_type="application/json")
    assert wrong.status_code == 400
    removed = http.post(f"/api/municipal/cases/{case.pk}/team/remove/", {"user": colleague.pk},
                        content_type="application/json")
    assert removed.status_code == 200 and len(removed.json()["team"]) == 1
    last = http.post(f"/api/municipal/cases/{case.pk}/team/remove/", {"user": people["municipal"].pk},
                     content_type="application/json")
    assert last.status_code == 400 and case.client.team.count() == 1


# --- consent given at the municipal office ---------------------------------------------------


def test_a_consent_signed_at_the_office_is_recorded_for_the_providers_client_with_the_form_encrypted(
        people, orgs, case, theirs, login):
    http = login(people["municipal"])
    response = http.post(f"/municipal/cases/{case.pk}/consents/new/", {
        "provider": orgs["provider_a"].pk, "provider_case_number": theirs.case_number.lower(),
        "categories": ["identity", "services"], "purpose": "Gadījuma vadība", "valid_from": lv(TODAY),
        "signed_form": upload()})
    assert response.status_code == 302, response.content.decode()
    consent = Consent.objects.get()
    assert (consent.client, consent.recipient, consent.recorded_at_organisation) == (
        theirs, orgs["municipal"], orgs["municipal"])
    assert consent.method == "signed_form" and consent.recorded_by == people["municipal"]
    assert OfficeConsent.objects.get().case == case
    assert ConsentDocument.objects.get().content == PDF
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM people_consentdocument")
        assert b"%PDF" not in bytes(cursor.fetchone()[0])
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="office_consent",
                                     object_ref=case.reference).exists()


def test_the_provider_sees_the_office_consent_and_can_rely_on_it(people, orgs, case, theirs, login):
    row = services.record_office_consent(actor(people["municipal"]), case, consent_data(orgs, theirs), upload())
    provider = login(people["sw"])
    provider.cookies["django_language"] = "en"
    page = provider.get(f"/clients/{theirs.case_number}/").content.decode()
    assert "Signed at Test municipal" in page
    assert provider.get(f"/clients/{theirs.case_number}/consents/{row.consent_id}/form/").content == PDF
    api = provider.get(f"/api/consents/{row.consent_id}/").json()
    assert api["given_at"] == "Test municipal" and api["state"] == "active"
    # The provider answers the municipality's written request under it.
    request = services.send_information_request(actor(people["municipal"]), case, {
        "provider": orgs["provider_a"], "provider_case_number": theirs.case_number, "asked": "Kā veicas?"})
    answered = services.answer_information_request(actor(people["sw"]), request, {
        "answer": "Kurss pabeigts", "answered_on": TODAY})
    assert answered.consent_id == row.consent_id
    # ...and the municipality sees the shared identity under it.
    assert people_access.get_shared_client(actor(people["municipal"]), theirs.case_number).identity is not None


def test_another_persons_case_number_gets_the_same_answer_as_an_unknown_one_and_nothing_is_saved(
        people, orgs, case, theirs):
    stranger = people_services.create_client(actor(people["sw"]), {
        "given_names": "Anna", "surname": "Cita", "personal_code": "111111-11111"})
    messages = []
    for number in (stranger.case_number, "AT-ZZZZZZZ"):
        with pytest.raises(ValidationError) as refused:
            services.record_office_consent(actor(people["municipal"]), case,
                                           consent_data(orgs, theirs, provider_case_number=number), upload())
        messages.append(refused.value.message_dict["provider_case_number"])
    assert messages[0] == messages[1]
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="office_consent",
                                     object_ref=case.reference).count() == 2
    assert not Consent.objects.exists() and not ConsentDocument.objects.exists() and not OfficeConsent.objects.exists()


def test_without_a_personal_code_the_surname_and_date_of_birth_must_match(people, orgs, theirs):
    worker = actor(people["municipal"])
    same = services.open_case(worker, {"contact_stage": "after", "person": {
        "given_names": "Līga", "surname": "Berzina", "birth_date": datetime.date(1995, 3, 14)}})
    other_day = services.open_case(worker, {"contact_stage": "after", "person": {
        "given_names": "Līga", "surname": "Bērziņa", "birth_date": datetime.date(1995, 3, 15)}})
    with pytest.raises(ValidationError):
        services.record_office_consent(worker, other_day, consent_data(orgs, theirs), upload())
    assert services.record_office_consent(worker, same, consent_data(orgs, theirs), upload()).pk


@pytest.mark.parametrize("change, field", [
    ({"categories": []}, "categories"),
    ({"purpose": " "}, "purpose"),
    ({"valid_until": days(-1)}, "valid_until"),
])
def test_a_consent_missing_what_the_rules_need_is_refused_with_nothing_saved(people, orgs, case, theirs,
                                                                              change, field):
    with pytest.raises(ValidationError) as refused:
        services.record_office_consent(actor(people["municipal"]), case, consent_data(orgs, theirs, **change),
                                       upload())
    assert field in refused.value.message_dict
    assert not Consent.objects.exists() and not ConsentDocument.objects.exists()


def test_a_consent_without_the_signed_form_or_with_another_file_is_refused(people, orgs, case, theirs, login):
    with pytest.raises(ValidationError) as refused:
        services.record_office_consent(actor(people["municipal"]), case, consent_data(orgs, theirs),
                                       upload(b"MZ not a pdf", "piekrisana.exe"))
    assert "signed_form" in refused.value.message_dict
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    page = http.post(f"/municipal/cases/{case.pk}/consents/new/", {
        "provider": orgs["provider_a"].pk, "provider_case_number": theirs.case_number,
        "categories": ["identity"], "purpose": "x", "valid_from": lv(TODAY)})
    assert page.status_code == 200 and "This field is required" in page.content.decode()
    assert not Consent.objects.exists()


def test_the_person_withdraws_it_at_the_office_and_it_stops_counting(people, orgs, case, theirs, login):
    row = services.record_office_consent(actor(people["municipal"]), case, consent_data(orgs, theirs), upload())
    http = login(people["municipal"])
    assert http.post(f"/municipal/cases/{case.pk}/consents/{row.consent_id}/withdraw/").status_code == 302
    row.consent.refresh_from_db()
    assert row.consent.withdrawn_at is not None and row.consent.state == "withdrawn"
    assert login(people["municipal"]).get(f"/clients/{theirs.case_number}/shared/").status_code == 404


def test_office_consents_over_the_api(people, orgs, case, theirs, login):
    http = login(people["municipal"])
    created = http.post(f"/api/municipal/cases/{case.pk}/office-consents/", {
        "provider": orgs["provider_a"].pk, "provider_case_number": theirs.case_number,
        "categories": ["identity", "course"], "purpose": "Gadījuma vadība", "valid_from": TODAY.isoformat(),
        "signed_form": upload()})
    assert created.status_code == 201, created.content
    assert created.json()["provider_case_number"] == theirs.case_number and created.json()["state"] == "active"
    listing = http.get(f"/api/municipal/cases/{case.pk}/office-consents/")
    assert [c["consent"] for c in listing.json()] == [created.json()["consent"]]
    wrong = http.post(f"/api/municipal/cases/{case.pk}/office-consents/", {
        "provider": orgs["provider_a"].pk, "provider_case_number": "AT-ZZZZZZZ", "categories": ["identity"],
        "purpose": "x", "valid_from": TODAY.isoformat(), "signed_form": upload()})
    assert wrong.status_code == 400 and "provider_case_number" in wrong.json()
    withdrawn = http.post(f"/api/municipal/cases/{case.pk}/office-consents/{created.json()['consent']}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    again = http.post(f"/api/municipal/cases/{case.pk}/office-consents/{created.json()['consent']}/withdraw/")
    assert again.status_code == 400
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("who", ["sw", "outsider", "colleague", "other_worker", "muni_admin", "police"])
def test_outsiders_get_404_for_office_consents(people, orgs, case, theirs, colleague, other_municipal,
                                               muni_admin, login, who):
    row = services.record_office_consent(actor(people["municipal"]), case, consent_data(orgs, theirs), upload())
    user = {**people, "colleague": colleague, "other_worker": other_municipal["worker"],
            "muni_admin": muni_admin}[who]
    http = login(user)
    assert http.get(f"/municipal/cases/{case.pk}/consents/new/").status_code == 404
    assert http.post(f"/municipal/cases/{case.pk}/consents/{row.consent_id}/withdraw/").status_code == 404
    assert http.get(f"/api/municipal/cases/{case.pk}/office-consents/").status_code in (403, 404)
    assert http.post(f"/api/municipal/cases/{case.pk}/office-consents/{row.consent_id}/withdraw/").status_code in (
        403, 404)
    row.consent.refresh_from_db()
    assert row.consent.withdrawn_at is None


def test_a_consent_recorded_at_the_office_can_only_name_the_office_itself(people, orgs, theirs):
    with pytest.raises(ValidationError) as refused:
        people_services.record_consent_at_recipient(actor(people["municipal"]), theirs, {
            "recipient": orgs["provider_b"], "categories": ["identity"], "purpose": "x", "valid_from": TODAY},
            upload())
    assert "recipient" in refused.value.message_dict and not Consent.objects.exists()


def test_the_office_consent_list_is_audited(people, orgs, case, theirs, login):
    services.record_office_consent(actor(people["municipal"]), case, consent_data(orgs, theirs), upload())
    login(people["municipal"]).get(f"/municipal/cases/{case.pk}/")
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="office_consent",
                                     object_ref=case.reference).exists()


def test_existing_cases_of_other_municipalities_stay_invisible(people, other_municipal):
    MunicipalCase.objects.all().delete()
    theirs_case = services.open_case(actor(other_municipal["worker"]), {"contact_stage": "before", "person": {
        "given_names": "A", "surname": "B"}})
    assert not services.cases_visible_to(actor(people["municipal"])).filter(pk=theirs_case.pk).exists()
