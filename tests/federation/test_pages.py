"""The operators' pages and the partners' endpoint over HTTP: who may, what they see, refusals."""

from __future__ import annotations

import json

import pytest
from django.test import Client as HttpClient

from atbalsts.audit.models import AuditEvent
from atbalsts.federation import services
from atbalsts.federation.models import OutboxMessage, Referral, Status
from tests.conftest import actor

from .conftest import consent, remote_package, sample_form

pytestmark = pytest.mark.django_db

PAGES = ["/federation/inbox/", "/federation/outbound/", "/federation/outbound/new/", "/federation/import/",
         "/federation/partners/"]


@pytest.mark.parametrize("url", PAGES)
def test_the_hotline_operator_opens_every_page(people, partner, login, url):
    assert login(people["hotline"]).get(url).status_code == 200


@pytest.mark.parametrize("who", ["sw", "outsider", "municipal", "police", "siva", "sys_admin"])
def test_everybody_else_gets_404_and_the_attempt_is_audited(people, partner, login, who):
    http = login(people[who])
    for url in PAGES:
        assert http.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_type="federation_referral",
                                     actor_id=people[who].pk).exists()


def test_an_operator_of_another_hotline_cannot_open_our_referral(people, orgs, partner, login):
    from atbalsts.accounts.models import Organisation, OrganisationKind, Role
    from tests.conftest import make_user

    referral = services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())
    other = Organisation.objects.create(name="Other hotline", kind=OrganisationKind.HOTLINE)
    stranger = make_user("other_operator", other, Role.HOTLINE_OPERATOR)
    assert login(stranger).get(f"/federation/outbound/{referral.reference}/").status_code == 404
    page = login(people["hotline"]).get(f"/federation/outbound/{referral.reference}/")
    assert page.status_code == 200 and referral.reference in page.content.decode()


def test_the_form_sends_a_referral_only_with_explicit_consent(people, partner, login):
    http = login(people["hotline"])
    data = {**sample_form(), "partner": partner.pk, "consent_given_by": "person", "consent_channel": "phone",
            "consent_purpose": "referral"}
    page = http.post("/federation/outbound/new/", data)
    assert page.status_code == 200 and not Referral.objects.exists()
    answer = http.post("/federation/outbound/new/", {**data, "consent_confirmed": "on"})
    referral = Referral.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/federation/outbound/{referral.reference}/"
    assert referral.status == Status.WAITING and referral.data["prs_FirstName"] == "Anna"


def test_the_pages_show_names_not_codes_in_latvian_english_and_russian(people, partner, remote_keys, login):
    services.receive_package(remote_package(remote_keys)[1])
    referral = Referral.objects.get()
    http = login(people["hotline"])
    for language, word in (("en", "Forced labour"), ("lv", "Piespiedu darbs"), ("ru", "Принудительный труд")):
        http.cookies["django_language"] = language
        text = http.get(f"/federation/inbox/{referral.reference}/").content.decode()
        assert word in text, language
        assert "ForcedLabour" not in text


def test_the_operator_accepts_and_records_the_outcome_in_the_inbox(people, partner, remote_keys, login):
    services.receive_package(remote_package(remote_keys)[1])
    referral = Referral.objects.get()
    http = login(people["hotline"])
    url = f"/federation/inbox/{referral.reference}/"
    assert http.post(url, {"form": "answer", "answer": "decline"}).status_code == 200  # no reason given
    assert http.post(url, {"form": "answer", "answer": "accept"}).status_code == 302
    assert http.post(url, {"form": "outcome", "outcome": "supported"}).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (Status.ACCEPTED, "supported")
    assert OutboxMessage.objects.filter(referral=referral).count() == 2


def test_export_and_cancel_from_the_outbound_page(people, partner, login):
    referral = services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())
    http = login(people["hotline"])
    exported = http.get(f"/federation/packages/{referral.reference}/export/")
    assert exported.status_code == 200 and exported.content.decode() == referral.messages.get().package
    assert AuditEvent.objects.filter(action="export", object_ref=referral.reference).exists()
    assert http.post(f"/federation/outbound/{referral.reference}/cancel/").status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED


def test_the_import_page_takes_a_partners_file_and_refuses_it_twice(people, partner, remote_keys, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _jti, package = remote_package(remote_keys)
    http = login(people["hotline"])
    answer = http.post("/federation/import/", {"package": SimpleUploadedFile("p.jwe", package.encode())})
    assert answer.status_code == 302 and Referral.objects.filter(direction="in").count() == 1
    http.cookies["django_language"] = "en"
    again = http.post("/federation/import/", {"package": SimpleUploadedFile("p.jwe", package.encode())})
    assert again.status_code == 200 and "already been received" in again.content.decode()


def test_the_endpoint_takes_a_valid_package_without_a_session(partner, remote_keys):
    _jti, package = remote_package(remote_keys)
    answer = HttpClient(enforce_csrf_checks=True).post("/federation/v1/packages/", json.dumps({"package": package}),
                                                       content_type="application/json")
    assert answer.status_code == 202 and answer.json()["status"] == "accepted" and answer.json()["ack"]
    assert Referral.objects.filter(direction="in").count() == 1


@pytest.mark.parametrize("body", [b"", b"[]", b"{}", b'{"package": 5}', b"not json"])
def test_the_endpoint_answers_junk_with_400_never_500(db, body):
    answer = HttpClient().post("/federation/v1/packages/", body, content_type="application/json")
    assert answer.status_code == 400 and answer.json() == {"error": "malformed"}


def test_the_endpoint_refuses_an_oversized_body(db):
    answer = HttpClient().post("/federation/v1/packages/", b"x" * (256 * 1024 + 1), content_type="application/json")
    assert answer.status_code == 413
