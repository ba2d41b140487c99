import datetime

import pytest
from django.utils import timezone

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import services
from atbalsts.decisions.models import Application, ApplicationStatus, Decision, Notification
from atbalsts.identification import services as identification_services
from atbalsts.identification.models import Interview
from atbalsts.identification.services import record_interview
from atbalsts.people.services import create_client
from atbalsts.policy.selectors import current_calendar
from tests.conftest import actor
from tests.identification.flow import recognised_case


@pytest.fixture
def case(people, orgs, client_record):
    return recognised_case(people, orgs, client_record)


def _apply(login, people, case):
    http = login(people["sw"])
    response = http.post(f"/decisions/apply/{case.pk}/", {
        "ground": case.grounds.get().pk, "signatory": "person", "signatory_name": "Līga Bērziņa",
        "signed_on": "13.11.2026"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(case=case)


def _submit(people, case, received_on):
    return services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": "person", "signatory_name": "X",
        "signed_on": received_on, "received_on": received_on})


@pytest.mark.parametrize(("received", "deadline"), [
    # 1 May (holiday), 2 May (moved day off), 4 May on a Sunday -> Monday 5 May off.
    (datetime.date(2025, 4, 30), datetime.date(2025, 5, 8)),
    # Saturday 10 May 2025 is a transferred working day: it counts.
    (datetime.date(2025, 5, 8), datetime.date(2025, 5, 12)),
    # Monday 17 November 2025 is a day off moved from Saturday 8 November; 18 November a holiday.
    (datetime.date(2025, 11, 14), datetime.date(2025, 11, 21)),
    # Friday 7 November 2025 -> the working Saturday 8 November counts, then 10 and 11 November.
    (datetime.date(2025, 11, 7), datetime.date(2025, 11, 11)),
])
def test_the_deadline_follows_the_latvian_calendar(received, deadline, db):
    assert services.deadline_for(received) == deadline


def test_the_provider_applies_and_siva_sees_only_the_minimum(people, case, login):
    record_interview(actor(people["sw"]), case, {"date": datetime.date(2026, 11, 1), "mode": "in_person",
                                                 "indicators": {"isolation": ("found", "Slepena piezīme")},
                                                 "health": ["suicide_attempt"]})
    app = _apply(login, people, case)
    assert app.deadline == current_calendar().add_working_days(app.received_on, 3)
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="siva_application").exists()
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    inbox = siva.get("/decisions/inbox/").content.decode()
    assert app.reference in inbox and "Bērziņa" in inbox
    page = siva.get(f"/decisions/applications/{app.pk}/").content.decode()
    assert "000101-12345" in page and "Ūdens iela 1" in page and "Test provider_a" in page
    for secret in ("Slepena piezīme", "Suicide", "isolation", "Isolation", "+371 20000001", "Kritēriji izpildīti"):
        assert secret not in page
    interview = Interview.objects.filter(case=case).first()
    commission = case.commissions.get()
    for url in (f"/identification/{case.pk}/", f"/identification/{case.pk}/interviews/{interview.pk}/",
                f"/identification/commissions/{commission.pk}/",
                f"/identification/commissions/{commission.pk}/protocol/",
                f"/clients/{case.client.case_number}/"):
        assert siva.get(url).status_code == 404, url
    assert AuditEvent.objects.filter(action=Action.READ, object_type="siva_application").exists()


def test_siva_grants_and_the_provider_is_notified_with_a_letter(people, case, login):
    app = _apply(login, people, case)
    siva = login(people["siva"])
    response = siva.post(f"/decisions/applications/{app.pk}/", {"outcome": "grant", "service_start": "01.12.2026"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert response["Location"] == f"/decisions/letters/{decision.pk}/"
    app.refresh_from_db()
    assert app.status == ApplicationStatus.GRANTED
    letter = siva.get(f"/decisions/letters/{decision.pk}/").content.decode()
    assert "Piešķirt sociālās rehabilitācijas pakalpojumu no 01.12.2026." in letter
    assert Notification.objects.get().organisation == case.organisation
    provider = login(people["sw"])
    assert f"/decisions/letters/{decision.pk}/" in provider.get(f"/identification/{case.pk}/").content.decode()
    assert provider.get(f"/decisions/letters/{decision.pk}/").status_code == 200
    assert login(people["outsider"]).get(f"/decisions/letters/{decision.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="siva_decision").exists()


def test_siva_refuses_with_a_reason_and_a_decision_is_recorded_once(people, case, login):
    app = _apply(login, people, case)
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    bad = siva.post(f"/decisions/applications/{app.pk}/", {"outcome": "refuse"})
    assert bad.status_code == 200 and not Decision.objects.exists()
    siva.post(f"/decisions/applications/{app.pk}/", {"outcome": "refuse", "refusal_reason": "not_eligible",
                                                     "refusal_text": "Nav tiesību uz pakalpojumu."})
    first = Decision.objects.get()
    assert first.outcome == "refuse"
    again = siva.post(f"/decisions/applications/{app.pk}/", {"outcome": "grant", "service_start": "01.12.2026"})
    assert "already decided" in again.content.decode()
    assert Decision.objects.count() == 1
    siva.post(f"/decisions/applications/{app.pk}/",
              {"outcome": "grant", "service_start": "01.12.2026", "correct": "1"})
    correction = Decision.objects.latest("pk")
    assert correction.supersedes == first and correction.kind == "correction"
    first.refresh_from_db()
    assert first.outcome == "refuse"
    app.refresh_from_db()
    assert app.status == ApplicationStatus.GRANTED


def test_the_queue_is_served_in_order_of_receipt(people, orgs, login):
    sw = actor(people["sw"])
    later = recognised_case(people, orgs, create_client(sw, {"given_names": "B", "surname": "Vēlākā"}))
    earlier = recognised_case(people, orgs, create_client(sw, {"given_names": "A", "surname": "Agrākā"}))
    app_later = _submit(people, later, datetime.date(2026, 11, 10))
    app_earlier = _submit(people, earlier, datetime.date(2026, 11, 5))
    siva = login(people["siva"])
    for app in (app_later, app_earlier):
        assert siva.post(f"/decisions/applications/{app.pk}/", {"outcome": "queue"}).status_code == 302
    queue = siva.get("/decisions/queue/").content.decode()
    assert queue.index("Agrākā") < queue.index("Vēlākā")
    assert siva.post("/decisions/queue/", {"service_start": "01.12.2026"}).status_code == 302
    app_earlier.refresh_from_db()
    app_later.refresh_from_db()
    assert app_earlier.status == ApplicationStatus.GRANTED and app_later.status == ApplicationStatus.QUEUED
    promotion = app_earlier.current_decision
    assert promotion.kind == "promotion" and promotion.supersedes.outcome == "queue"
    siva.post("/decisions/queue/", {"service_start": "02.12.2026"})
    app_later.refresh_from_db()
    assert app_later.status == ApplicationStatus.GRANTED


def test_the_inbox_is_sorted_by_deadline_and_shows_due_today_and_overdue(people, orgs, login, monkeypatch):
    # A fixed working Monday, so the test means the same on any day it runs.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 23))
    sw = actor(people["sw"])
    cal, today = current_calendar(), timezone.localdate()
    received_due_today = today - datetime.timedelta(days=1)
    while cal.add_working_days(received_due_today, 3) != today:
        received_due_today -= datetime.timedelta(days=1)
        assert (today - received_due_today).days < 30
    overdue = recognised_case(people, orgs, create_client(sw, {"given_names": "O", "surname": "Nokavētā"}))
    due = recognised_case(people, orgs, create_client(sw, {"given_names": "D", "surname": "Šodienas"}))
    fresh = recognised_case(people, orgs, create_client(sw, {"given_names": "F", "surname": "Jaunā"}))
    _submit(people, fresh, today)
    _submit(people, due, received_due_today)
    _submit(people, overdue, received_due_today - datetime.timedelta(days=10))
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    page = siva.get("/decisions/inbox/").content.decode()
    assert page.index("Nokavētā") < page.index("Šodienas") < page.index("Jaunā")
    assert "overdue" in page and "due today" in page and "3 working days left" in page


def test_another_provider_cannot_apply_for_the_case(people, case, login):
    http = login(people["outsider"])
    assert http.get(f"/decisions/apply/{case.pk}/").status_code == 404
    assert http.post(f"/decisions/apply/{case.pk}/", {"ground": case.grounds.get().pk}).status_code == 404
    assert not Application.objects.exists()


@pytest.mark.parametrize("persona", ["sw", "outsider", "police", "municipal"])
def test_only_siva_has_an_inbox(persona, people, login):
    http = login(people[persona])
    assert http.get("/decisions/inbox/").status_code == 404
    assert http.get("/decisions/queue/").status_code == 404


def test_a_minor_needs_the_legal_representatives_signature(people, orgs, login):
    sw = actor(people["sw"])
    minor = create_client(sw, {"given_names": "M", "surname": "Bērns", "birth_date": datetime.date(2012, 1, 1)})
    case = recognised_case(people, orgs, minor, items=("recruited", "excess_hours"))
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    data = {"ground": case.grounds.get().pk, "signatory": "person", "signatory_name": "M Bērns",
            "signed_on": "13.11.2026"}
    response = http.post(f"/decisions/apply/{case.pk}/", data)
    assert "legal representative" in response.content.decode()
    assert not Application.objects.exists()
    data["signatory"] = "legal_representative"
    # Without a legal representative recorded on the case, the application is refused.
    response = http.post(f"/decisions/apply/{case.pk}/", data)
    assert "record the legal representative on the identification case" in response.content.decode()
    assert not Application.objects.exists()
    identification_services.record_legal_representative(
        sw, case, {"name": "Anna Bērziņa", "relation": "māte", "basis": "parent"})
    data["signatory_name"] = ""
    assert http.post(f"/decisions/apply/{case.pk}/", data).status_code == 302
    assert Application.objects.get().signatory_name == "Anna Bērziņa"
