"""Consent to share, through the pages: the client's case team records and withdraws it; the
named organisation sees exactly the consented categories while it is in force, and each
disclosure is audited citing the consent."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.identification import services as identification_services
from atbalsts.people.models import Consent, ConsentDocument
from tests.conftest import actor
from tests.files import PDF


def today() -> datetime.date:
    return timezone.localdate()


def d(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def consent_post(orgs, categories=("identity",), **extra):
    data = {
        "recipient": orgs["municipal"].pk,
        "categories": list(categories),
        "purpose": "Ilgtermiņa sociālais darbs dzīvesvietas pašvaldībā",
        "valid_from": d(today()),
        "valid_until": d(today() + datetime.timedelta(days=365)),
        "method": "in_person",
    }
    data.update(extra)
    return data


def give_consent(http, client_record, orgs, **kw) -> Consent:
    response = http.post(f"/clients/{client_record.case_number}/consents/new/", consent_post(orgs, **kw))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Consent.objects.latest("pk")


def disclosures(category=None):
    qs = AuditEvent.objects.filter(action=Action.DISCLOSE)
    return [e for e in qs if category is None or e.detail.get("category") == category]


def test_the_case_team_records_a_consent_and_sees_it_on_the_client_page(people, orgs, client_record, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    consent = give_consent(http, client_record, orgs, categories=("identity", "course"))
    assert consent.recipient == orgs["municipal"] and consent.categories == ["identity", "course"]
    assert consent.recorded_by == people["sw"]
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="consent")
    assert event.object_ref == client_record.case_number and event.detail["consent"] == consent.pk
    assert "Ilgtermiņa" not in str(event.detail)  # the purpose is encrypted, never in the trail
    page = http.get(f"/clients/{client_record.case_number}/").content.decode()
    assert "Test municipal" in page and "In force" in page and "Course status and dates" in page


def test_a_municipal_worker_sees_exactly_the_consented_categories(people, orgs, client_record, login):
    consent = give_consent(login(people["sw"]), client_record, orgs, categories=("identity",))
    municipal = login(people["municipal"])
    response = municipal.get(f"/clients/{client_record.case_number}/shared/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Līga" in page and "Bērziņa" in page and "000101-12345" in page and "14.03.1995" in page
    # Contact was not agreed: neither the phone nor the address leaves the provider.
    assert "+371 20000001" not in page and "Ūdens iela" not in page
    # Nor anything outside the two categories.
    assert "latviešu" not in page and "Latvija" not in page
    [event] = disclosures()
    assert event.detail == {"category": "identity", "consent": consent.pk, "what": event.detail["what"]}
    assert event.object_ref == client_record.case_number and event.organisation_id == orgs["municipal"].pk


def test_contact_alone_shows_contact_and_not_identity(people, orgs, client_record, login):
    consent = give_consent(login(people["sw"]), client_record, orgs, categories=("contact",))
    page = login(people["municipal"]).get(f"/clients/{client_record.case_number}/shared/").content.decode()
    assert "+371 20000001" in page and "Ūdens iela 1" in page
    assert "Līga" not in page and "000101-12345" not in page
    assert [(e.detail["category"], e.detail["consent"]) for e in disclosures()] == [("contact", consent.pk)]


def test_two_consents_each_disclosure_cites_its_own_consent(people, orgs, client_record, login):
    sw = login(people["sw"])
    identity = give_consent(sw, client_record, orgs, categories=("identity",))
    contact = give_consent(sw, client_record, orgs, categories=("contact",))
    assert login(people["municipal"]).get(f"/clients/{client_record.case_number}/shared/").status_code == 200
    cited = {e.detail["category"]: e.detail["consent"] for e in disclosures()}
    assert cited == {"identity": identity.pk, "contact": contact.pk}


def test_after_withdrawal_the_municipality_gets_404_at_once(people, orgs, client_record, login):
    sw = login(people["sw"])
    consent = give_consent(sw, client_record, orgs, categories=("identity", "contact"))
    municipal = login(people["municipal"])
    assert municipal.get(f"/clients/{client_record.case_number}/shared/").status_code == 200
    response = sw.post(f"/clients/{client_record.case_number}/consents/{consent.pk}/withdraw/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == people["sw"]
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="consent")
    assert event.detail["consent"] == consent.pk and event.detail["withdrawn"] is True
    before = len(disclosures())
    assert municipal.get(f"/clients/{client_record.case_number}/shared/").status_code == 404
    assert municipal.get("/clients/shared/").content.decode().count(client_record.case_number) == 0
    assert len(disclosures()) == before
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="shared_client").exists()


def test_withdrawing_twice_is_explained_and_changes_nothing(people, orgs, client_record, login):
    sw = login(people["sw"])
    sw.cookies["django_language"] = "en"
    consent = give_consent(sw, client_record, orgs)
    sw.post(f"/clients/{client_record.case_number}/consents/{consent.pk}/withdraw/")
    consent.refresh_from_db()
    first = consent.withdrawn_at
    response = sw.post(f"/clients/{client_record.case_number}/consents/{consent.pk}/withdraw/", follow=True)
    assert "already withdrawn" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at == first
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="consent").count() == 1


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [(-400, -1), (1, 30)],
    ids=["expired", "not_yet_in_force"],
)
def test_an_expired_or_future_consent_gives_404(people, orgs, client_record, login, valid_from, valid_until):
    give_consent(login(people["sw"]), client_record, orgs, categories=("identity", "contact", "health"),
                 valid_from=d(today() + datetime.timedelta(days=valid_from)),
                 valid_until=d(today() + datetime.timedelta(days=valid_until)))
    municipal = login(people["municipal"])
    assert municipal.get(f"/clients/{client_record.case_number}/shared/").status_code == 404
    assert municipal.get(f"/identification/shared/{client_record.case_number}/health/").status_code == 404
    assert client_record.case_number not in municipal.get("/clients/shared/").content.decode()
    assert disclosures() == []


def test_a_consent_ending_today_still_counts_today(people, orgs, client_record, login):
    give_consent(login(people["sw"]), client_record, orgs, valid_until=d(today()))
    assert login(people["municipal"]).get(f"/clients/{client_record.case_number}/shared/").status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "police", "hotline", "psy", "sw", "statistician"])
def test_organisations_not_named_in_the_consent_get_404(people, orgs, client_record, login, persona):
    give_consent(login(people["sw"]), client_record, orgs, categories=("identity", "contact", "health"))
    http = login(people[persona])
    assert http.get(f"/clients/{client_record.case_number}/shared/").status_code == 404
    assert http.get(f"/identification/shared/{client_record.case_number}/health/").status_code == 404
    assert disclosures() == []


def test_the_shared_with_us_list_shows_case_numbers_categories_and_links(people, orgs, client_record, login):
    give_consent(login(people["sw"]), client_record, orgs, categories=("identity", "plan", "health", "course"))
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    page = http.get("/clients/shared/").content.decode()
    case = client_record.case_number
    assert case in page and "Test provider_a" in page
    assert f"/clients/{case}/shared/" in page
    assert f"/plans/{case}/shared/" in page and f"/rehabilitation/{case}/shared/" in page
    assert f"/identification/shared/{case}/health/" in page
    assert "Contact details" not in page
    assert "Līga" not in page  # the list never shows the person
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="shared_client").exists()


def test_the_shared_list_leaves_out_links_for_categories_not_agreed(people, orgs, client_record, login):
    give_consent(login(people["sw"]), client_record, orgs, categories=("contact",))
    page = login(people["municipal"]).get("/clients/shared/").content.decode()
    assert "/plans/" not in page and "/rehabilitation/" not in page and "/health/" not in page


def _interview_with_health(people, client_record):
    sw = actor(people["sw"])
    case = identification_services.open_case(sw, client_record)
    identification_services.record_interview(sw, case, {
        "date": today(), "mode": "in_person", "health": ["trauma", "hepatitis"]})


def test_health_is_shown_only_with_a_health_consent(people, orgs, client_record, login):
    _interview_with_health(people, client_record)
    sw = login(people["sw"])
    give_consent(sw, client_record, orgs, categories=("identity",))
    municipal = login(people["municipal"])
    municipal.cookies["django_language"] = "en"
    url = f"/identification/shared/{client_record.case_number}/health/"
    assert municipal.get(url).status_code == 404
    health = give_consent(sw, client_record, orgs, categories=("health",))
    response = municipal.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trauma" in page and "Hepatitis B and C" in page and "Depression" not in page
    assert [(e.detail["category"], e.detail["consent"]) for e in disclosures("health")] == [("health", health.pk)]
    # The identity page does not leak health, and the health page does not leak identity.
    assert "Līga" not in page and "Trauma" not in municipal.get(
        f"/clients/{client_record.case_number}/shared/").content.decode()


VALID_FROM, UNTIL = "01.12.2026", "30.11.2026"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"categories": []}, "at least one category"),
        ({"valid_from": "10.12.2026", "valid_until": "01.12.2026"}, "cannot end (01.12.2026) before it starts"),
        ({"method": "signed_form"}, "Upload the signed consent form"),
        ({"recipient": "OWN"}, "Select a valid choice"),  # the own organisation is not offered
        ({"purpose": ""}, "what the information will be used for"),
        ({"method": "signed_form", "signed_form": "TEXT"}, "Only PDF, PNG or JPEG"),
    ],
    ids=["no_category", "until_before_from", "no_signed_form", "own_organisation", "no_purpose", "not_a_pdf"],
)
def test_invalid_consent_is_explained_and_nothing_is_saved(people, orgs, client_record, login, change, message):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    data = consent_post(orgs, **change)
    if change.get("recipient") == "OWN":
        data["recipient"] = orgs["provider_a"].pk
    if change.get("signed_form") == "TEXT":
        data["signed_form"] = SimpleUploadedFile("form.pdf", b"just text, renamed", content_type="application/pdf")
    events = AuditEvent.objects.count()
    response = http.post(f"/clients/{client_record.case_number}/consents/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Consent.objects.count() == 0 and ConsentDocument.objects.count() == 0
    assert not AuditEvent.objects.filter(action=Action.CREATE, object_type="consent").exists()
    assert AuditEvent.objects.count() == events + 1  # only the read of the client page


def test_the_validation_message_is_in_latvian_for_a_latvian_user(people, orgs, client_record, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "lv"
    page = http.post(f"/clients/{client_record.case_number}/consents/new/", consent_post(orgs, categories=[]))
    assert "Izvēlieties vismaz vienu" in page.content.decode()


def test_a_signed_form_is_stored_encrypted_and_its_download_is_an_export(people, orgs, client_record, login):
    sw = login(people["sw"])
    upload = SimpleUploadedFile("paraksts.pdf", PDF, content_type="application/pdf")
    consent = give_consent(sw, client_record, orgs, method="signed_form", signed_form=upload)
    document = consent.signed_form
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM people_consentdocument WHERE id = %s", [document.pk])
        raw = bytes(cursor.fetchone()[0])
    assert b"%PDF" not in raw
    url = f"/clients/{client_record.case_number}/consents/{consent.pk}/form/"
    response = sw.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    export = AuditEvent.objects.get(action=Action.EXPORT, object_type="consent_form")
    assert export.detail["consent"] == consent.pk and export.detail["sha256"] == document.sha256
    # Neither the recipient nor a colleague off the case team may download it.
    for persona in ("municipal", "psy", "outsider"):
        assert login(people[persona]).get(url).status_code == 404
    assert AuditEvent.objects.filter(action=Action.EXPORT).count() == 1


@pytest.mark.parametrize("persona", ["psy", "municipal", "outsider"])
def test_only_the_case_team_manages_consents(people, orgs, client_record, login, persona):
    consent = give_consent(login(people["sw"]), client_record, orgs)
    http = login(people[persona])
    case = client_record.case_number
    assert http.get(f"/clients/{case}/consents/").status_code == 404
    assert http.post(f"/clients/{case}/consents/new/", consent_post(orgs)).status_code == 404
    assert http.post(f"/clients/{case}/consents/{consent.pk}/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None and Consent.objects.count() == 1
