"""Consent to share, through the API: the same rules as the pages."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.models import Consent, ConsentDocument
from tests.files import PDF


def body(client_record, orgs, **extra):
    today = timezone.localdate()
    data = {"client": client_record.case_number, "recipient": orgs["municipal"].pk, "categories": ["identity"],
            "purpose": "Sadarbība", "valid_from": today.isoformat(),
            "valid_until": (today + datetime.timedelta(days=90)).isoformat(), "method": "in_person"}
    data.update(extra)
    return data


def test_the_case_team_records_lists_and_withdraws_a_consent(people, orgs, client_record, login):
    http = login(people["sw"])
    created = http.post("/api/consents/", body(client_record, orgs), content_type="application/json")
    assert created.status_code == 201, created.content
    consent_id = created.json()["id"]
    assert created.json()["state"] == "active" and created.json()["categories"] == ["identity"]
    listed = http.get(f"/api/consents/?client={client_record.case_number}").json()
    assert [c["id"] for c in listed] == [consent_id]
    withdrawn = http.post(f"/api/consents/{consent_id}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert withdrawn.json()["withdrawn_by"] == "sw"


def test_the_municipal_api_view_has_identity_and_no_contact(people, orgs, client_record, login):
    consent = login(people["sw"]).post("/api/consents/", body(client_record, orgs), content_type="application/json")
    municipal = login(people["municipal"])
    listed = municipal.get("/api/consents/shared-with-us/").json()
    assert listed == [{"case_number": client_record.case_number, "provider": "Test provider_a",
                       "categories": ["identity"], "valid_until": listed[0]["valid_until"]}]
    shared = municipal.get(f"/api/consents/shared-with-us/{client_record.case_number}/")
    assert shared.status_code == 200
    data = shared.json()
    assert data["identity"] == {"given_names": "Līga", "surname": "Bērziņa", "personal_code": "000101-12345",
                                "birth_date": "1995-03-14"}
    assert data["contact"] is None and "+371" not in shared.content.decode()
    event = AuditEvent.objects.get(action=Action.DISCLOSE)
    assert event.detail["consent"] == consent.json()["id"] and event.detail["category"] == "identity"
    login(people["sw"]).post(f"/api/consents/{consent.json()['id']}/withdraw/")
    assert municipal.get(f"/api/consents/shared-with-us/{client_record.case_number}/").status_code == 404
    assert municipal.get("/api/consents/shared-with-us/").json() == []


def test_a_consent_naming_the_own_organisation_is_refused_and_nothing_saved(people, orgs, client_record, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.post("/api/consents/", body(client_record, orgs, recipient=orgs["provider_a"].pk),
                         content_type="application/json")
    assert response.status_code == 400
    assert "already holds this case" in response.json()["recipient"][0]
    assert not Consent.objects.exists()


def test_the_api_requires_the_signed_form_and_checks_its_content(people, orgs, client_record, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    missing = http.post("/api/consents/", body(client_record, orgs, method="signed_form"),
                        content_type="application/json")
    assert missing.status_code == 400 and "signed_form" in missing.json()
    data = body(client_record, orgs, method="signed_form")
    data["signed_form"] = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")
    bad = http.post("/api/consents/", data)
    assert bad.status_code == 400 and "Only PDF" in bad.json()["signed_form"][0]
    assert not Consent.objects.exists() and not ConsentDocument.objects.exists()
    data["signed_form"] = SimpleUploadedFile("x.pdf", PDF)
    good = http.post("/api/consents/", data)
    assert good.status_code == 201 and good.json()["has_signed_form"] is True
    download = http.get(f"/api/consents/{good.json()['id']}/form/")
    assert download.status_code == 200 and download.content == PDF
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="consent_form").count() == 1


def test_outsiders_get_404_from_every_consent_endpoint(people, orgs, client_record, login):
    consent = login(people["sw"]).post("/api/consents/", body(client_record, orgs), content_type="application/json")
    pk = consent.json()["id"]
    for persona in ("psy", "outsider", "municipal"):
        http = login(people[persona])
        assert http.get(f"/api/consents/{pk}/").status_code == 404
        assert http.get(f"/api/consents/?client={client_record.case_number}").status_code == 404
        assert http.post(f"/api/consents/{pk}/withdraw/").status_code == 404
        created = http.post("/api/consents/", body(client_record, orgs), content_type="application/json")
        assert created.status_code == 404
    assert login(people["outsider"]).get(
        f"/api/consents/shared-with-us/{client_record.case_number}/").status_code == 404
    assert login(people["statistician"]).get("/api/consents/shared-with-us/").status_code == 403
    assert Consent.objects.get().withdrawn_at is None


def test_the_consent_endpoints_are_in_the_schema(people, login):
    schema = login(people["sw"]).get("/api/schema/").content.decode()
    for path in ("/api/consents/", "/api/consents/{id}/withdraw/", "/api/consents/shared-with-us/",
                 "/api/consents/shared-with-us/{case_number}/", "/api/consents/{id}/form/"):
        assert path in schema


def test_a_consent_naming_an_inactive_organisation_is_refused_and_nothing_saved(people, orgs, client_record, login):
    orgs["municipal"].is_active = False
    orgs["municipal"].save(update_fields=["is_active"])
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.post("/api/consents/", body(client_record, orgs), content_type="application/json")
    assert response.status_code == 400
    assert "no longer active" in response.json()["recipient"][0]
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CREATE, object_type="consent").exists()
