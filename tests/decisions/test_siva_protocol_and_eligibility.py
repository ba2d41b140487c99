"""Eligibility is enforced at the application; SIVA opens the protocol and sees what its refusal
reasons need, and nothing else."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from atbalsts.accounts.models import Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import services
from atbalsts.decisions.models import Application
from atbalsts.identification import services as identification_services
from atbalsts.people.services import create_client
from tests.conftest import actor, make_user
from tests.identification.flow import recognised_case

ON = datetime.date(2026, 11, 13)
NON_EU_REFUSED = {"eu_citizen": False, "permit_status": "refused"}


def _form(case):
    return {"ground": case.grounds.get().pk, "signatory": "person", "signatory_name": "Līga Bērziņa",
            "signed_on": "13.11.2026"}


def _data(case):
    return {"ground": case.grounds.get(), "signatory": "person", "signatory_name": "L. B.", "signed_on": ON,
            "received_on": ON}


# --- eligibility ------------------------------------------------------------------------------


def test_a_non_eu_citizen_whose_permit_was_refused_is_not_applied_for(people, orgs, client_record, login):
    case = recognised_case(people, orgs, client_record, eligibility=NON_EU_REFUSED)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    before = AuditEvent.objects.filter(object_type="siva_application").count()
    response = http.post(f"/decisions/apply/{case.pk}/", _form(case))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The person is not eligible for the state-funded service" in page
    assert "no residence permit granted" in page
    assert not Application.objects.exists()
    assert AuditEvent.objects.filter(object_type="siva_application").count() == before


def test_the_refusal_is_in_latvian_on_a_latvian_page(people, orgs, client_record, login):
    case = recognised_case(people, orgs, client_record, eligibility=NON_EU_REFUSED)
    http = login(people["sw"])
    http.cookies["django_language"] = "lv"
    page = http.post(f"/decisions/apply/{case.pk}/", _form(case)).content.decode()
    assert "Nav tiesīga: persona nav ES pilsonis" in page


def test_an_application_without_citizenship_recorded_is_refused(people, orgs, client_record):
    case = recognised_case(people, orgs, client_record)
    case.eligibility_note.delete()
    with translation.override("en"), pytest.raises(ValidationError, match="citizenship and residence status"):
        services.submit_application(actor(people["sw"]), case, _data(case))
    assert not Application.objects.exists()


def test_the_recorded_legal_basis_lets_the_provider_apply_and_siva_sees_it(people, orgs, client_record, login):
    case = recognised_case(people, orgs, client_record, eligibility={
        **NON_EU_REFUSED, "legal_basis": "other_provision", "legal_basis_note": "Likuma 3. pants (pārbaudīt)"})
    app = services.submit_application(actor(people["sw"]), case, _data(case))
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    page = siva.get(f"/decisions/applications/{app.pk}/").content.decode()
    assert "Eligible on the legal basis the provider recorded" in page
    assert "Another case the law provides" in page and "Likuma 3. pants (pārbaudīt)" in page
    assert "not an EU citizen" in page
    item = siva.get(f"/api/decisions/siva-inbox/{app.pk}/").json()
    assert (item["eligible"], item["eligibility_reason"], item["legal_basis"]) == (True, "legal_basis",
                                                                                   "other_provision")
    assert item["eu_citizen"] is False and item["citizenship"] == "Latvija"


def test_the_other_provision_needs_the_provision_named(people, orgs, client_record):
    case = recognised_case(people, orgs, client_record)
    with translation.override("en"), pytest.raises(ValidationError, match="provision"):
        identification_services.record_eligibility(actor(people["sw"]), case,
                                                   {**NON_EU_REFUSED, "legal_basis": "other_provision"})
    with pytest.raises(ValidationError):
        identification_services.record_eligibility(actor(people["sw"]), case,
                                                   {**NON_EU_REFUSED, "legal_basis": "made_up"})
    assert case.eligibility_note.eu_citizen is True


def test_an_eu_citizen_keeps_no_legal_basis(people, orgs, client_record):
    case = recognised_case(people, orgs, client_record, eligibility={
        "eu_citizen": True, "legal_basis": "temporary_residence_permit"})
    case.eligibility_note.refresh_from_db()
    assert case.eligibility_note.legal_basis == ""


def test_the_api_refuses_an_application_for_a_person_not_eligible(people, orgs, client_record, login):
    case = recognised_case(people, orgs, client_record, eligibility=NON_EU_REFUSED)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    r = http.post("/api/decisions/applications/", {"case": case.pk, "ground": case.grounds.get().pk,
                                                   "signatory": "person", "signatory_name": "L. B.",
                                                   "signed_on": "2026-11-13"}, content_type="application/json")
    assert r.status_code == 400 and "legal basis" in str(r.json())
    r = http.post(f"/api/identification/cases/{case.pk}/eligibility/", {
        "eu_citizen": False, "permit_status": "refused", "legal_basis": "temporary_residence_permit"},
        content_type="application/json")
    assert r.status_code == 201 and r.json()["eligible"] is True and r.json()["reason"] == "legal_basis"
    r = http.post("/api/decisions/applications/", {"case": case.pk, "ground": case.grounds.get().pk,
                                                   "signatory": "person", "signatory_name": "L. B.",
                                                   "signed_on": "2026-11-13"}, content_type="application/json")
    assert r.status_code == 201


def test_a_municipality_cannot_apply_over_the_api_and_is_told_why(people, login):
    mw = actor(people["municipal"])
    client = create_client(mw, {"given_names": "Laura", "surname": "Demo"})
    case = identification_services.open_case(mw, client)
    r = login(people["municipal"]).post("/api/decisions/applications/", {
        "case": case.pk, "ground": 1, "signatory": "person", "signed_on": "2026-11-13"},
        content_type="application/json")
    assert r.status_code == 403 and "SIVA" in r.json()["detail"]


# --- SIVA receives the protocol ---------------------------------------------------------------


@pytest.fixture
def applied(people, orgs, client_record):
    case = recognised_case(people, orgs, client_record)
    return services.submit_application(actor(people["sw"]), case, _data(case))


def test_siva_opens_the_protocol_of_an_application_it_received_and_each_opening_is_a_disclosure(
        people, applied, login):
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    page = siva.get(f"/decisions/applications/{applied.pk}/").content.decode()
    assert f"/decisions/applications/{applied.pk}/protocol.pdf" in page
    for url in (f"/decisions/applications/{applied.pk}/protocol.pdf",
                f"/api/decisions/siva-inbox/{applied.pk}/protocol/"):
        response = siva.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")
    disclosed = AuditEvent.objects.filter(action=Action.DISCLOSE, actor_username="siva",
                                          object_ref=applied.case.client.case_number)
    assert disclosed.count() == 2
    assert all(e.detail["what"] == "case_document_protocol" and e.detail["application"] == applied.reference
               for e in disclosed)
    assert siva.get(f"/api/decisions/siva-inbox/{applied.pk}/").json()["has_protocol"] is True


@pytest.mark.parametrize("persona", ["outsider", "municipal", "police", "hotline", "statistician", "psy"])
def test_nobody_but_siva_opens_the_protocol_through_siva_s_door(persona, people, applied, login):
    http = login(people[persona])
    assert http.get(f"/decisions/applications/{applied.pk}/protocol.pdf").status_code == 404
    assert http.get(f"/api/decisions/siva-inbox/{applied.pk}/protocol/").status_code in (403, 404)
    assert not AuditEvent.objects.filter(action=Action.DISCLOSE, object_type="client").exists()


def test_siva_gets_no_protocol_for_an_application_on_a_law_enforcement_ground(people, client_record, login):
    sw = actor(people["sw"])
    case = identification_services.open_case(sw, client_record)
    ground = identification_services.record_ground(sw, case, {
        "ground": "proceedings", "standing": "victim", "document_number": "1", "document_date": ON,
        "issuing_body": "Valsts policija"})
    identification_services.record_eligibility(sw, case, {"eu_citizen": True})
    app = services.submit_application(sw, case, {**_data(case), "ground": ground})
    siva = login(people["siva"])
    assert siva.get(f"/decisions/applications/{app.pk}/protocol.pdf").status_code == 404
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="case_document_protocol").exists()
    assert "protocol.pdf" not in siva.get(f"/decisions/applications/{app.pk}/").content.decode()


def test_siva_still_sees_no_interview_health_or_plan(people, applied, login):
    identification_services.record_interview(actor(people["sw"]), applied.case, {
        "date": ON, "mode": "in_person", "indicators": {"isolation": ("found", "Slepena piezīme")},
        "health": ["suicide_attempt"]})
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    page = siva.get(f"/decisions/applications/{applied.pk}/").content.decode()
    item = str(siva.get(f"/api/decisions/siva-inbox/{applied.pk}/").json())
    for secret in ("Slepena piezīme", "Suicide", "suicide", "isolation", "Isolation", "+371 20000001",
                   "Kritēriji izpildīti", "Atzīstama par upuri"):
        assert secret not in page and secret not in item
    interview = applied.case.interviews.first()
    for url in (f"/identification/{applied.case.pk}/interviews/{interview.pk}/",
                f"/plans/{applied.case.client.case_number}/",
                f"/identification/commissions/{applied.ground.commission_id}/protocol.pdf"):
        assert siva.get(url).status_code == 404, url


def test_siva_sees_that_the_same_person_was_granted_the_service_at_another_provider(people, orgs, applied, login):
    siva_actor = actor(people["siva"])
    services.decide_application(siva_actor, applied, {"outcome": "grant", "service_start": ON})
    # The same person (same personal code) at provider B.
    b_user = make_user("b_lawyer", orgs["provider_b"], Role.LAWYER)
    other_people = {**people, "sw": people["outsider"], "psy": make_user("b_psy", orgs["provider_b"],
                                                                         Role.PSYCHOLOGIST), "lawyer": b_user}
    again = create_client(actor(people["outsider"]), {"given_names": "Līga", "surname": "Bērziņa",
                                                      "personal_code": "000101-12345"})
    case_b = recognised_case(other_people, orgs, again)
    app_b = services.submit_application(actor(people["outsider"]), case_b, _data(case_b))
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    page = siva.get(f"/decisions/applications/{app_b.pk}/").content.decode()
    assert applied.reference in page and "Test provider_a" in page and "Service granted" in page
    assert "at the latest until" in page
    other = siva.get(f"/api/decisions/siva-inbox/{app_b.pk}/").json()["other_services"]
    assert [o["reference"] for o in other] == [applied.reference]
    assert other[0]["service_start"] == ON.isoformat()


def test_a_person_with_no_other_application_is_shown_as_such(people, applied, login):
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    page = siva.get(f"/decisions/applications/{applied.pk}/").content.decode()
    assert "No other application of this person was granted or queued." in page


def test_a_namesake_without_the_same_personal_code_is_not_taken_for_the_same_person(people, orgs, applied, login):
    services.decide_application(actor(people["siva"]), applied, {"outcome": "grant", "service_start": ON})
    b_people = {**people, "sw": people["outsider"],
                "psy": make_user("b_psy", orgs["provider_b"], Role.PSYCHOLOGIST),
                "lawyer": make_user("b_lawyer", orgs["provider_b"], Role.LAWYER)}
    namesake = create_client(actor(people["outsider"]), {"given_names": "Līga", "surname": "Bērziņa"})
    case_b = recognised_case(b_people, orgs, namesake)
    app_b = services.submit_application(actor(people["outsider"]), case_b, _data(case_b))
    assert login(people["siva"]).get(f"/api/decisions/siva-inbox/{app_b.pk}/").json()["other_services"] == []

