"""Screening, referral to a provider, and written information requests answered only under consent."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atbalsts.accounts.models import Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.municipal import reminders, services
from atbalsts.municipal.models import CaseStep, InformationRequest, Screening
from atbalsts.people.models import Consent
from atbalsts.referrals.models import Referral
from tests.conftest import actor, make_user


def today():
    return timezone.localdate()


def screen(http, mcase):
    response = http.post(f"/municipal/cases/{mcase.pk}/screenings/new/", {
        "date": today().strftime("%d.%m.%Y"), "indicators": ["documents_confiscated", "little_or_no_pay"],
        "criteria_movement": ["recruited"], "criteria_control": ["documents_taken"], "notes": "Stāsta par darbu Īrijā"})
    assert response.status_code == 302
    return Screening.objects.latest("pk")


def refer(http, mcase, screening, orgs, **extra):
    data = {"provider": orgs["provider_a"].pk, "message": "Lūdzam sazināties ar personu šonedēļ.",
            "contact_name": "Marta O.", "contact_phone": "+371 29999999", **extra}
    return http.post(f"/municipal/cases/{mcase.pk}/screenings/{screening.pk}/refer/", data)


def _consent_to_provider(people, orgs, mcase, categories=("identity", "contact")):
    from atbalsts.people.services import record_consent

    return record_consent(actor(people["municipal"]), mcase.client, {
        "recipient": orgs["provider_a"], "categories": list(categories), "purpose": "Nosūtījums",
        "valid_from": today(), "valid_until": None, "method": "in_person"})


def test_a_screening_and_referral_reach_the_chosen_provider_with_only_what_it_contains(people, orgs, mcase, login):
    _consent_to_provider(people, orgs, mcase)
    municipal = login(people["municipal"])
    screening = screen(municipal, mcase)
    assert screening.indicators == ["documents_confiscated", "little_or_no_pay"]
    assert screening.criteria == ["recruited", "documents_taken"]
    assert refer(municipal, mcase, screening, orgs).status_code == 302
    referral = Referral.objects.get()
    assert referral.type_code == "municipal_to_provider" and referral.origin_id == screening.pk
    assert AuditEvent.objects.get(action=Action.CREATE, object_type="referral",
                                  organisation_id=orgs["municipal"].pk).detail["recipient"] == orgs["provider_a"].pk
    assert referral.reference in municipal.get(f"/municipal/cases/{mcase.pk}/").content.decode()
    provider = login(people["sw"])
    provider.cookies["django_language"] = "en"
    # The provider's old addresses lead to the referrals app.
    listing = provider.get("/municipal/incoming/referrals/", follow=True).content.decode()
    assert referral.reference in listing and "Test municipal" in listing
    page = provider.get(f"/municipal/incoming/referrals/{referral.pk}/", follow=True).content.decode()
    assert "Confiscation of passport" in page and "Was recruited" in page
    assert "Lūdzam sazināties" in page and "Marta O." in page and "+371 29999999" in page
    # Not in the referral, so not shown: the screening notes, the municipal case and its client.
    assert "Stāsta par darbu" not in page and mcase.reference not in page and mcase.client.case_number not in page
    assert AuditEvent.objects.filter(action=Action.READ, object_type="referral", object_ref=referral.reference,
                                     organisation_id=orgs["provider_a"].pk).exists()
    referral.refresh_from_db()
    assert referral.seen_by == people["sw"]


def test_a_referral_with_a_message_but_no_consent_or_to_a_non_provider_is_refused(people, orgs, mcase, login):
    municipal = login(people["municipal"])
    municipal.cookies["django_language"] = "en"
    screening = screen(municipal, mcase)
    response = refer(municipal, mcase, screening, orgs)
    assert response.status_code == 200 and "has not agreed to share this with Test provider_a" in (
        response.content.decode())
    response = refer(municipal, mcase, screening, orgs, provider=orgs["police"].pk)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Referral.objects.exists()
    # Without the message and contact details, an anonymous notice with the findings goes.
    assert refer(municipal, mcase, screening, orgs, message="", contact_name="", contact_phone="").status_code == 302
    referral = Referral.objects.get()
    assert referral.anonymous and set(referral.content) == {"indicators"}


@pytest.mark.parametrize("persona", ["outsider", "police", "municipal", "siva"])
def test_only_the_addressed_provider_sees_a_referral(people, orgs, mcase, login, persona):
    _consent_to_provider(people, orgs, mcase)
    municipal = login(people["municipal"])
    refer(municipal, mcase, screen(municipal, mcase), orgs)
    referral = Referral.objects.get()
    http = login(people[persona])
    assert http.get(f"/municipal/incoming/referrals/{referral.pk}/").status_code == 404
    assert http.post(f"/municipal/incoming/referrals/{referral.pk}/").status_code == 404
    listing = http.get("/municipal/incoming/referrals/")
    assert listing.status_code == 404 or referral.reference not in listing.content.decode()
    referral.refresh_from_db()
    assert referral.seen_at is None


def send_request(http, mcase, orgs, client_record, **extra):
    data = {"provider": orgs["provider_a"].pk, "provider_case_number": client_record.case_number,
            "asked": "Lūdzam informāciju par sniegtajiem pakalpojumiem un ieteikumus.",
            "sent_on": today().strftime("%d.%m.%Y"), **extra}
    return http.post(f"/municipal/cases/{mcase.pk}/requests/new/", data)


def answer(http, info, **extra):
    data = {"answered_on": today().strftime("%d.%m.%Y"), "answer": "Kurss pabeigts; 12 konsultācijas.",
            "recommendations": "Turpināt psihologa atbalstu.", **extra}
    return http.post(f"/municipal/incoming/requests/{info.pk}/", data)


def consent(people, orgs, client_record, categories=("services",)) -> Consent:
    from atbalsts.people import services as people_services

    return people_services.record_consent(actor(people["sw"]), client_record, {
        "recipient": orgs["municipal"], "categories": list(categories), "purpose": "Pēcpārraudzība",
        "valid_from": today(), "valid_until": None, "method": "in_person"})


def test_an_information_request_is_answered_only_under_consent(people, orgs, mcase, client_record, login):
    municipal = login(people["municipal"])
    assert send_request(municipal, mcase, orgs, client_record).status_code == 302
    info = InformationRequest.objects.get()
    provider = login(people["sw"])
    provider.cookies["django_language"] = "en"
    assert info.reference in provider.get("/municipal/incoming/requests/").content.decode()
    # No consent: refused, with a message; nothing saved.
    refused = answer(provider, info)
    assert refused.status_code == 200
    assert "has not agreed (or no longer agrees)" in refused.content.decode()
    info.refresh_from_db()
    assert info.answered_on is None and info.answer == "" and info.consent is None
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="information_request_answer").exists()
    # A consent for something else does not do either.
    consent(people, orgs, client_record, categories=("identity",))
    assert answer(provider, info).status_code == 200
    info.refresh_from_db()
    assert info.answered_on is None
    # With the person's consent to share a summary of services: accepted.
    given = consent(people, orgs, client_record)
    assert answer(provider, info).status_code == 302
    info.refresh_from_db()
    assert info.answered_on == today() and info.consent == given and info.answered_by == people["sw"]
    # The municipal worker reads it; the read is a disclosure citing the consent.
    page = municipal.get(f"/municipal/requests/{info.pk}/").content.decode()
    assert "Kurss pabeigts" in page and "Turpināt psihologa atbalstu" in page
    event = AuditEvent.objects.get(action=Action.DISCLOSE)
    assert event.detail["consent"] == given.pk and event.detail["category"] == "services"
    assert event.organisation_id == orgs["municipal"].pk and event.object_ref == client_record.case_number


def test_a_withdrawn_consent_stops_the_answer(people, orgs, mcase, client_record, login):
    from atbalsts.people import services as people_services

    given = consent(people, orgs, client_record)
    send_request(login(people["municipal"]), mcase, orgs, client_record)
    people_services.withdraw_consent(actor(people["sw"]), client_record, given)
    info = InformationRequest.objects.get()
    assert answer(login(people["sw"]), info).status_code == 200
    info.refresh_from_db()
    assert info.answered_on is None


def test_a_request_for_an_unknown_case_number_is_refused(people, orgs, mcase, client_record, login):
    municipal = login(people["municipal"])
    municipal.cookies["django_language"] = "en"
    response = send_request(municipal, mcase, orgs, client_record, provider=orgs["provider_b"].pk)
    assert response.status_code == 200 and "provider&#x27;s case number" in response.content.decode()
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize("persona", ["psy", "outsider", "police", "other_municipal"])
def test_only_the_clients_case_team_sees_and_answers_a_request(people, orgs, mcase, client_record, login,
                                                               persona, other_municipal):
    people["other_municipal"] = other_municipal
    consent(people, orgs, client_record)
    send_request(login(people["municipal"]), mcase, orgs, client_record)
    info = InformationRequest.objects.get()
    http = login(people[persona])
    assert http.get(f"/municipal/incoming/requests/{info.pk}/").status_code == 404
    assert answer(http, info).status_code == 404
    assert http.get(f"/municipal/requests/{info.pk}/").status_code == 404
    info.refresh_from_db()
    assert info.answered_on is None
    assert not AuditEvent.objects.filter(action=Action.DISCLOSE).exists()


def test_the_provider_case_team_and_the_sender_get_reminders(people, orgs, mcase, client_record, login):
    send_request(login(people["municipal"]), mcase, orgs, client_record)
    info = InformationRequest.objects.get()
    mine = reminders.reminders(actor(people["municipal"]), today())
    assert [(r.kind, r.case_number) for r in mine] == [("information_request_waiting", mcase.reference)]
    theirs = reminders.reminders(actor(people["sw"]), today())
    assert [(r.kind, r.case_number) for r in theirs] == [("information_request_to_answer", client_record.case_number)]
    assert theirs[0].url == f"/municipal/incoming/requests/{info.pk}/"
    assert all("Līga" not in r.title and "Marta" not in r.title for r in mine + theirs)
    assert reminders.reminders(actor(people["psy"]), today()) == []
    assert reminders.reminders(actor(people["outsider"]), today()) == []
    colleague = make_user("colleague", orgs["municipal"], Role.MUNICIPAL_SOCIAL_WORKER)
    assert reminders.reminders(actor(colleague), today()) == []  # the sender's reminder, not the office's
    consent(people, orgs, client_record)
    answer(login(people["sw"]), info)
    assert reminders.reminders(actor(people["municipal"]), today()) == []
    assert reminders.reminders(actor(people["sw"]), today()) == []


def test_a_follow_up_due_is_a_reminder_until_it_is_recorded(people, mcase):
    worker = actor(people["municipal"])
    services.record_step(worker, mcase, {"step": 1, "date": today(), "interview_on": today(), "needs": ["information"],
                                         "home_visit_on": today()})
    services.record_step(worker, mcase, {"step": 2, "date": today(), "fits_target_group": True})
    services.record_step(worker, mcase, {"step": 3, "date": today(), "activities": ["state_rehabilitation"]})
    services.record_step(worker, mcase, {"step": 4, "date": today(), "outcome": "close",
                                         "follow_up_on": today() + datetime.timedelta(days=30)})
    [due] = reminders.reminders(worker, today())
    assert due.kind == "municipal_follow_up_due" and not due.urgent and due.case_number == mcase.reference
    assert reminders.reminders(worker, today() + datetime.timedelta(days=30))[0].urgent
    assert reminders.reminders(actor(people["sw"]), today()) == []
    services.record_step(worker, mcase, {"step": 5, "date": today()})
    assert reminders.reminders(worker, today()) == []
    assert CaseStep.objects.count() == 5


def test_linking_a_providers_client_needs_a_consent_in_force(people, orgs, mcase, client_record, login):
    municipal = login(people["municipal"])
    municipal.cookies["django_language"] = "en"
    response = municipal.post(f"/municipal/cases/{mcase.pk}/link/", {"case_number": client_record.case_number},
                              follow=True)
    assert "No consent in force names your organisation" in response.content.decode()
    mcase.refresh_from_db()
    assert mcase.provider_client is None
    consent(people, orgs, client_record, categories=("identity",))
    municipal.post(f"/municipal/cases/{mcase.pk}/link/", {"case_number": client_record.case_number})
    mcase.refresh_from_db()
    assert mcase.provider_client == client_record
    form = municipal.get(f"/municipal/cases/{mcase.pk}/requests/new/").content.decode()
    assert client_record.case_number in form


def test_linking_with_an_empty_case_number_is_explained(people, mcase, login):
    municipal = login(people["municipal"])
    municipal.cookies["django_language"] = "en"
    response = municipal.post(f"/municipal/cases/{mcase.pk}/link/", {"case_number": "  "}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "This field is required." in page
    mcase.refresh_from_db()
    assert mcase.provider_client is None
