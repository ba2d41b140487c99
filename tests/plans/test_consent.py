"""Another organisation reads the plan only under the person's active consent "plan"."""

from __future__ import annotations

import datetime

import pytest

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.services import record_consent, withdraw_consent
from tests.conftest import actor


def shared(client):
    return f"/plans/{client.case_number}/shared/"


def consent(people, orgs, client, categories=("plan",), recipient="municipal"):
    return record_consent(actor(people["sw"]), client, {
        "recipient": orgs[recipient], "categories": list(categories), "purpose": "Ilgtermiņa gadījuma vadīšana",
        "valid_from": datetime.date.today(), "valid_until": None, "method": "in_person"})


@pytest.fixture
def municipal(people, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    return http


def test_the_municipal_service_with_consent_reads_the_current_plan(municipal, people, orgs, client_record, planned):
    given = consent(people, orgs, client_record)
    response = municipal.get(shared(client_record))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Atrast drošu mājokli" in page and "Read only" in page
    assert "Bērziņa" not in page, "identity is a separate category"
    assert "/edit/" not in page
    event = AuditEvent.objects.get(action=Action.DISCLOSE, object_ref=client_record.case_number)
    assert event.detail == {"category": "plan", "consent": given.pk, "what": "plan v1"}
    assert event.organisation_id == orgs["municipal"].pk


def test_without_consent_the_municipal_service_gets_404(municipal, people, orgs, client_record, planned):
    assert municipal.get(shared(client_record)).status_code == 404
    consent(people, orgs, client_record, categories=("course",))
    assert municipal.get(shared(client_record)).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.DISCLOSE).exists()
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="plan").exists()


def test_after_withdrawal_the_plan_is_404(municipal, people, orgs, client_record, planned):
    given = consent(people, orgs, client_record)
    assert municipal.get(shared(client_record)).status_code == 200
    withdraw_consent(actor(people["sw"]), client_record, given)
    assert municipal.get(shared(client_record)).status_code == 404


def test_consent_to_one_organisation_does_not_open_it_to_another(people, orgs, login, client_record, planned):
    consent(people, orgs, client_record)
    assert login(people["outsider"]).get(shared(client_record)).status_code == 404
    assert login(people["police"]).get(shared(client_record)).status_code == 404


def test_the_consent_does_not_open_the_case_teams_pages(municipal, people, orgs, client_record, planned):
    consent(people, orgs, client_record)
    for rest in ("", "versions/", "versions/1/", "reviews/", "edit/"):
        assert municipal.get(f"/plans/{client_record.case_number}/{rest}").status_code == 404
    assert municipal.get(f"/api/plans/cases/{client_record.case_number}/").status_code == 404


def test_with_consent_but_no_plan_yet_the_refusal_is_a_recorded_404(municipal, people, orgs, client_record):
    consent(people, orgs, client_record)
    assert municipal.get(shared(client_record)).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.DISCLOSE).exists()
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="plan",
                                     object_ref=client_record.case_number,
                                     organisation_id=orgs["municipal"].pk).exists()
