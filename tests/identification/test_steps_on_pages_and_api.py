"""Who may do each step, through the pages and the API: what a municipality is offered and what it
is told; the convener's seat; the interview before the commission; invited specialists."""

from __future__ import annotations

import datetime

import pytest

from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.identification import services
from atbalsts.identification.models import Case, Commission, RecognitionGround
from atbalsts.people.services import create_client
from tests.conftest import actor, make_user
from tests.identification.flow import FULL

from .flow import interviewed, lawyer

J = {"content_type": "application/json"}
ON = datetime.date(2026, 11, 10)


@pytest.fixture
def municipal_case(people):
    mw = actor(people["municipal"])
    client = create_client(mw, {"given_names": "Laura", "surname": "Demo", "birth_date": datetime.date(1990, 1, 1)})
    case = services.open_case(mw, client)
    interviewed(mw, case)
    return case


def test_a_municipal_case_page_offers_screening_and_referral_but_no_provider_step(people, municipal_case, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    page = http.get(f"/identification/{municipal_case.pk}/").content.decode()
    assert "Record an interview" in page
    assert 'id="refer-to-provider"' in page and "/municipal/" in page
    for offered in ("Convene the commission", "Record a law-enforcement ground", "Submit an application to SIVA",
                    "Record eligibility", "Record the travel", "Record the legal representative",
                    f"/identification/{municipal_case.pk}/commission/new/"):
        assert offered not in page, offered


def test_the_provider_case_page_still_offers_every_step(people, client_record, login):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interviewed(sw, case)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    page = http.get(f"/identification/{case.pk}/").content.decode()
    for offered in ("Convene the commission", "Record a law-enforcement ground", "Record eligibility",
                    "Record the travel"):
        assert offered in page, offered
    assert 'id="refer-to-provider"' not in page


def test_a_municipality_posting_a_provider_step_is_refused_with_the_reason_and_nothing_is_saved(
        people, municipal_case, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    before = AuditEvent.objects.filter(action__in=[Action.CREATE, Action.UPDATE]).count()
    response = http.post(f"/identification/{municipal_case.pk}/commission/new/", {"meeting_date": "12.11.2026"})
    assert response.status_code == 403
    assert "Only a service provider can convene the specialist commission." in response.content.decode()
    response = http.get(f"/identification/{municipal_case.pk}/grounds/new/")
    assert response.status_code == 403
    assert "Only a service provider can record a recognition ground." in response.content.decode()
    response = http.post(f"/identification/{municipal_case.pk}/grounds/new/", {
        "ground": "proceedings", "document_number": "1", "document_date": "05.11.2026", "issuing_body": "VP"})
    assert response.status_code == 403
    response = http.get(f"/decisions/apply/{municipal_case.pk}/")
    assert response.status_code == 403 and "Only a service provider can apply to SIVA." in response.content.decode()
    response = http.post(f"/identification/{municipal_case.pk}/eligibility/", {"eu_citizen": "yes"})
    assert response.status_code == 403
    assert "Only a service provider can record citizenship and residence." in response.content.decode()
    assert not Commission.objects.exists() and not RecognitionGround.objects.exists()
    assert AuditEvent.objects.filter(action__in=[Action.CREATE, Action.UPDATE]).count() == before


def test_a_municipality_is_refused_the_provider_steps_over_the_api_with_a_message(people, municipal_case, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "lv"
    base = f"/api/identification/cases/{municipal_case.pk}"
    r = http.post(f"{base}/commissions/", {"meeting_date": "2026-11-12"}, **J)
    assert r.status_code == 403
    assert r.json()["detail"].startswith("Sasaukt speciālistu komisiju drīkst tikai: pakalpojuma sniedzējs.")
    r = http.post(f"{base}/grounds/", {"ground": "proceedings", "document_number": "1",
                                       "document_date": "2026-11-05", "issuing_body": "VP"}, **J)
    assert r.status_code == 403
    assert http.post(f"{base}/eligibility/", {"eu_citizen": True}, **J).status_code == 403
    assert http.post(f"{base}/travel/", {"from_country": "Īrija", "travel_date": "2026-11-01", "cost": "1"},
                     **J).status_code == 403
    assert http.post(f"{base}/interviews/", {"date": "2026-11-10", "mode": "in_person"}, **J).status_code == 201
    assert not Commission.objects.exists() and not RecognitionGround.objects.exists()


# --- the convener's seat -----------------------------------------------------------------------


@pytest.fixture
def two_roles(orgs, client_record, people):
    """A provider specialist who is both a social worker and a lawyer, on the client's team."""
    from atbalsts.people.services import add_to_case_team

    user = make_user("both", orgs["provider_a"], Role.SOCIAL_WORKER, Role.LAWYER)
    add_to_case_team(actor(people["sw"]), client_record, user.pk)
    case = services.open_case(actor(user), client_record)
    interviewed(actor(user), case)
    return user, case


def test_a_convener_with_two_roles_chooses_the_seat_and_is_asked_to_when_they_do_not(two_roles, login):
    user, case = two_roles
    http = login(user)
    http.cookies["django_language"] = "en"
    response = http.post(f"/identification/{case.pk}/commission/new/", {"meeting_date": "12.11.2026"})
    assert response.status_code == 400
    assert "Choose the seat you take on the commission." in response.content.decode()
    assert not Commission.objects.exists()
    response = http.post(f"/identification/{case.pk}/commission/new/", {"meeting_date": "12.11.2026",
                                                                       "seat": "lawyer"})
    assert response.status_code == 302
    assert Commission.objects.get().members.get().role == "lawyer"


def test_a_convener_cannot_take_a_seat_that_is_not_one_of_their_roles_over_the_api(two_roles, login):
    user, case = two_roles
    http = login(user)
    r = http.post(f"/api/identification/cases/{case.pk}/commissions/", {"meeting_date": "2026-11-12",
                                                                        "seat": "psychologist"}, **J)
    assert r.status_code == 400 and "seat" in r.json()
    r = http.post(f"/api/identification/cases/{case.pk}/commissions/", {"meeting_date": "2026-11-12",
                                                                        "seat": "social_worker"}, **J)
    assert r.status_code == 201
    assert r.json()["members"][0]["role"] == "social_worker"


def test_a_convener_with_one_role_takes_that_seat_without_being_asked(people, client_record):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interviewed(sw, case)
    commission = services.convene_commission(sw, case, ON)
    assert commission.members.get().role == "social_worker"


# --- the interview before the commission --------------------------------------------------------


def test_a_commission_needs_an_interview_that_found_an_indicator_or_a_reason(people, client_record, login):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    services.record_interview(sw, case, {"date": ON, "mode": "in_person",
                                         "indicators": {"isolation": ("not_found", "")}})
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.post(f"/identification/{case.pk}/commission/new/", {"meeting_date": "12.11.2026"})
    assert response.status_code == 400
    assert "No interview of this case found an indicator" in response.content.decode()
    assert not Commission.objects.exists()
    response = http.post(f"/identification/{case.pk}/commission/new/", {
        "meeting_date": "12.11.2026", "no_indicator_reason": "Persona ārzemēs; vērtē pēc dokumentiem."})
    assert response.status_code == 302
    commission = Commission.objects.get()
    assert commission.no_indicator_reason == "Persona ārzemēs; vērtē pēc dokumentiem."
    page = http.get(f"/identification/commissions/{commission.pk}/").content.decode()
    assert "Persona ārzemēs; vērtē pēc dokumentiem." in page


def test_the_api_refuses_a_commission_without_an_indicator_and_accepts_it_with_a_reason(people, client_record,
                                                                                         login):
    case = services.open_case(actor(people["sw"]), client_record)
    http = login(people["sw"])
    url = f"/api/identification/cases/{case.pk}/commissions/"
    r = http.post(url, {"meeting_date": "2026-11-12"}, **J)
    assert r.status_code == 400 and "no_indicator_reason" in r.json()
    r = http.post(url, {"meeting_date": "2026-11-12", "no_indicator_reason": "x" * 2001}, **J)
    assert r.status_code == 400
    r = http.post(url, {"meeting_date": "2026-11-12", "no_indicator_reason": "Vērtē pēc dokumentiem."}, **J)
    assert r.status_code == 201


# --- invited specialists ----------------------------------------------------------------------


@pytest.fixture
def inspector(db):
    org = Organisation.objects.create(name="Test VDI", kind=OrganisationKind.LABOUR_INSPECTORATE)
    return make_user("inspector", org, Role.SPECIALIST)


def test_an_invited_specialist_sees_the_commission_like_the_police_member_and_nothing_more(
        people, orgs, client_record, inspector, login):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interview = interviewed(sw, case)
    commission = services.convene_commission(sw, case, ON)
    candidate = next(m for m in services.member_candidates(commission) if m.user == inspector)
    assert candidate.is_core is False
    http_sw = login(people["sw"])
    http_sw.cookies["django_language"] = "en"
    page = http_sw.get(f"/identification/commissions/{commission.pk}/").content.decode()
    assert "invited specialist" in page
    api = http_sw.get(f"/api/identification/commissions/{commission.pk}/member-candidates/").json()
    assert next(c for c in api if c["user"] == "inspector")["invited"] is True
    assert http_sw.post(f"/identification/commissions/{commission.pk}/members/",
                        {"membership": candidate.pk}).status_code == 302
    seat = commission.members.get(user=inspector)
    assert seat.invited and seat.role == "specialist"

    http = login(inspector)
    assert http.get(f"/identification/commissions/{commission.pk}/").status_code == 200
    assert http.get(f"/identification/{case.pk}/").status_code == 404
    assert http.get(f"/identification/{case.pk}/interviews/{interview.pk}/").status_code == 404
    assert http.get(f"/identification/commissions/{commission.pk}/protocol.pdf").status_code == 404
    assert http.get(f"/clients/{client_record.case_number}/").status_code == 404
    assert http.post(f"/identification/commissions/{commission.pk}/conclude/",
                     {"conclusion": "recognised", "reasoning": "x"}).status_code == 404


def test_an_invited_specialist_fills_no_required_seat_and_need_not_give_a_view(people, orgs, client_record,
                                                                               inspector):
    from atbalsts.identification import catalogue
    from atbalsts.identification.models import Conclusion

    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interviewed(sw, case)
    commission = services.convene_commission(sw, case, ON)
    services.add_commission_member(sw, commission, Membership.objects.get(user=inspector).pk)
    assert services.missing_roles(commission) == ["psychologist", "lawyer", "police_official"]
    law = lawyer(orgs)
    for user in (people["psy"], law, people["police"]):
        services.add_commission_member(sw, commission, Membership.objects.get(user=user).pk)
    findings = {code: (code in FULL, "") for code in catalogue.CRITERIA_ITEMS}
    for user in (people["sw"], people["psy"], law, people["police"]):
        services.record_assessment(actor(user), commission, findings, "Jā.")
    concluded = services.conclude_commission(sw, commission, Conclusion.RECOGNISED, "Kritēriji izpildīti.")
    assert concluded.is_concluded


def test_siva_and_the_coordinator_are_not_offered_as_invited_specialists(people, client_record):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interviewed(sw, case)
    commission = services.convene_commission(sw, case, ON)
    users = {m.user.username for m in services.member_candidates(commission)}
    assert {"siva", "statistician", "sys_admin", "org_admin"}.isdisjoint(users)
    assert {"psy", "police", "municipal", "hotline", "outsider"} <= users
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_commission_member(sw, commission, Membership.objects.get(user=people["siva"]).pk)
    assert commission.members.count() == 1


def test_a_case_of_a_hotline_is_opened_but_never_reaches_a_commission(people):
    hotline = actor(people["hotline"])
    client = create_client(hotline, {"given_names": "Zane", "surname": "Demo"})
    case = services.open_case(hotline, client)
    interviewed(hotline, case)
    from atbalsts.accounts.steps import StepRefused

    with pytest.raises(StepRefused):
        services.convene_commission(hotline, case, ON)
    assert Case.objects.filter(organisation__kind=OrganisationKind.HOTLINE).count() == 1
    assert not Commission.objects.exists()
