"""Referral abroad through the service functions: consent, outbox, delivery with retries,
receiving, refusals (logged, nothing written), answers and outcomes flowing back."""

from __future__ import annotations

import datetime

import pytest
import requests
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atbalsts.audit.models import AuditEvent
from atbalsts.federation import packages, services
from atbalsts.federation.models import Delivery, OutboxMessage, ReceivedPackage, Referral, Status
from tests.conftest import actor

from .conftest import consent, remote_package, sample_form, sample_record

pytestmark = pytest.mark.django_db


def _open_as_partner(remote_keys, message):
    own = services.own_keys()
    return packages.open_package(
        message.package, own=remote_keys, own_id="ee-test", signing_key_of=lambda code: own.sign,
        now=timezone.now(), clock_skew=datetime.timedelta(minutes=5), max_lifetime=datetime.timedelta(days=7),
    )


def test_an_operator_refers_abroad_with_consent_and_the_package_carries_codes_only(people, partner, remote_keys):
    referral = services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())
    assert referral.status == Status.WAITING
    assert referral.consent.partner == partner and referral.consent.recorded_by == people["hotline"]
    assert "prs_FirstName" in referral.consent.items
    message = referral.messages.get()
    claims = _open_as_partner(remote_keys, message)
    assert claims["jti"] == referral.package_id == message.jti
    record = claims["body"]["record"]
    assert record["vic_TypeOfExploitation"] == ["SexualExploitation"]
    assert record["con_Consent"] is True and claims["body"]["htcds"] == "2.0"
    assert AuditEvent.objects.filter(object_type="federation_referral", object_ref=referral.reference,
                                     action="create").exists()


def test_without_explicit_consent_nothing_is_sent(people, partner):
    with pytest.raises(ValidationError):
        services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent(confirmed=False))
    assert not Referral.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.parametrize("who", ["sw", "municipal", "police", "statistician"])
def test_only_hotline_operators_refer_abroad(people, partner, who):
    with pytest.raises(PermissionDenied):
        services.refer_abroad(actor(people[who]), partner, sample_form(), consent())
    assert not Referral.objects.exists()


def test_a_partner_that_is_down_leaves_the_referral_waiting_with_retries_then_it_is_delivered(
    people, partner, remote_keys, monkeypatch, settings
):
    settings.FEDERATION_RETRY_DELAYS = "60,300"
    referral = services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())

    def down(*args, **kwargs):
        raise requests.ConnectionError("refused")

    monkeypatch.setattr(services.requests, "post", down)
    now = timezone.now()
    assert services.deliver_due(now) == {"waiting": 1}
    message = OutboxMessage.objects.get()
    assert message.attempts == 1 and message.last_error == "unreachable"
    assert message.next_attempt_at == now + datetime.timedelta(seconds=60)
    assert services.deliver_due(now + datetime.timedelta(seconds=30)) == {}
    services.deliver_due(now + datetime.timedelta(seconds=61))
    message.refresh_from_db()
    assert message.attempts == 2 and message.next_attempt_at == now + datetime.timedelta(seconds=361)

    def up(url, json, timeout, allow_redirects):
        claims = _open_as_partner(remote_keys, message)
        ack = packages.sign_only(own=remote_keys, claims={
            "iss": "ee-test", "aud": services.own_id(), "jti": "ack-" + claims["jti"][:20],
            "iat": int(timezone.now().timestamp()), "exp": int(timezone.now().timestamp()) + 3600,
            "kind": "ack", "body": {"ref": claims["jti"]}})

        class Answer:
            status_code = 202

            def json(self):
                return {"status": "accepted", "ack": ack}
        assert url == "http://127.0.0.1:9/federation/v1/packages/"
        return Answer()

    monkeypatch.setattr(services.requests, "post", up)
    services.deliver_due(now + datetime.timedelta(seconds=400))
    referral.refresh_from_db()
    message.refresh_from_db()
    assert referral.status == Status.DELIVERED and message.status == Delivery.DELIVERED and message.attempts == 3


def test_an_acknowledgement_not_signed_by_the_partner_does_not_count(people, partner, monkeypatch):
    referral = services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())
    forger = packages.OwnKeys.generate()

    class Answer:
        status_code = 202

        def json(self):
            now = int(timezone.now().timestamp())
            return {"ack": packages.sign_only(own=forger, claims={
                "iss": "ee-test", "aud": services.own_id(), "jti": "forged-ack-1", "iat": now, "exp": now + 60,
                "kind": "ack", "body": {"ref": referral.package_id}})}

    monkeypatch.setattr(services.requests, "post", lambda *a, **k: Answer())
    services.deliver_due()
    referral.refresh_from_db()
    assert referral.status == Status.WAITING


def test_the_operator_cancels_a_waiting_referral_and_it_is_never_delivered(people, partner, monkeypatch):
    referral = services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())
    services.cancel_referral(actor(people["hotline"]), referral)
    called = []
    monkeypatch.setattr(services.requests, "post", lambda *a, **k: called.append(a))
    assert services.deliver_due() == {}
    assert not called
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED
    with pytest.raises(ValidationError):
        services.cancel_referral(actor(people["hotline"]), referral)


def test_a_waiting_package_is_given_up_after_the_policy_time(people, partner, monkeypatch):
    referral = services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())
    monkeypatch.setattr(services.requests, "post", lambda *a, **k: pytest.fail("no attempt after expiry"))
    services.deliver_due(timezone.now() + datetime.timedelta(days=8))
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED


def test_an_inbound_referral_lands_in_the_hotlines_inbox(orgs, partner, remote_keys):
    jti, package = remote_package(remote_keys)
    _claims, ack = services.receive_package(package)
    referral = Referral.objects.get(direction="in")
    assert referral.organisation == orgs["hotline"] and referral.package_id == jti
    assert referral.status == Status.RECEIVED and referral.data["prs_FirstName"] == "Kati"
    ack_claims = packages.verify_signed(
        ack, own_id="ee-test", signing_key_of=lambda code: services.own_keys().sign, now=timezone.now(),
        clock_skew=datetime.timedelta(minutes=5), max_lifetime=datetime.timedelta(days=7))
    assert ack_claims["body"]["ref"] == jti and ack_claims["kind"] == "ack"


def _refusal_logged(reason: str) -> bool:
    return AuditEvent.objects.filter(action="denied", object_type="federation_package",
                                     detail__reason=reason).exists()


def test_a_replayed_package_is_refused_and_logged_and_nothing_is_added(orgs, partner, remote_keys):
    _jti, package = remote_package(remote_keys)
    services.receive_package(package)
    with pytest.raises(packages.Refused) as refused:
        services.receive_package(package)
    assert refused.value.code == "replay"
    assert Referral.objects.count() == 1 and ReceivedPackage.objects.count() == 1
    assert _refusal_logged("replay")


def test_refusals_are_logged_without_any_personal_data(orgs, partner, remote_keys):
    stranger = packages.OwnKeys.generate()
    cases = {
        "unknown_sender": remote_package(stranger, sender="xx-unknown")[1],
        "wrong_key": remote_package(remote_keys, recipient_key=stranger.encrypt)[1],
        "expired": remote_package(remote_keys, now=timezone.now() - datetime.timedelta(days=2))[1],
        "bad_signature": remote_package(stranger)[1],
    }
    for code, package in cases.items():
        with pytest.raises(packages.Refused) as refused:
            services.receive_package(package)
        assert refused.value.code == code
        assert _refusal_logged(code)
    assert not Referral.objects.exists() and not ReceivedPackage.objects.exists()
    for event in AuditEvent.objects.filter(object_type="federation_package"):
        assert "Kati" not in str(event.detail)


def test_invalid_content_rolls_back_everything(orgs, partner, remote_keys):
    record = {**sample_record(), "vic_TypeOfExploitation": ["NotACode"]}
    _jti, package = remote_package(remote_keys, body={"htcds": "2.0", "record": record})
    with pytest.raises(packages.Refused) as refused:
        services.receive_package(package)
    assert refused.value.code == "invalid_content"
    assert not ReceivedPackage.objects.exists() and not Referral.objects.exists()


def test_accepting_and_recording_an_outcome_send_signed_answers_back(people, partner, remote_keys):
    _jti, package = remote_package(remote_keys)
    services.receive_package(package)
    referral = Referral.objects.get(direction="in")
    services.answer_referral(actor(people["hotline"]), referral, accept=True)
    services.record_outcome(actor(people["hotline"]), referral, "supported")
    answer, outcome = OutboxMessage.objects.filter(referral=referral).order_by("id")
    assert _open_as_partner(remote_keys, answer)["body"] == {"ref": referral.package_id, "answer": "accepted"}
    assert _open_as_partner(remote_keys, outcome)["body"] == {"ref": referral.package_id, "outcome": "supported"}
    with pytest.raises(ValidationError):
        services.answer_referral(actor(people["hotline"]), referral, accept=False, reason="no_capacity")


def test_the_partners_answer_and_outcome_update_our_outbound_referral(people, partner, remote_keys):
    referral = services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())
    answer = {"ref": referral.package_id, "answer": "accepted"}
    services.receive_package(remote_package(remote_keys, "answer", answer)[1])
    services.receive_package(remote_package(remote_keys, "outcome", {"ref": referral.package_id,
                                                                      "outcome": "referred_on"})[1])
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED and referral.outcome == "referred_on"
    # The answer proves arrival: the referral package stops being retried.
    assert referral.messages.get().status == Delivery.DELIVERED


def test_an_answer_about_a_referral_we_never_sent_is_refused(orgs, partner, remote_keys):
    with pytest.raises(packages.Refused) as refused:
        services.receive_package(remote_package(remote_keys, "answer", {"ref": "0" * 32, "answer": "accepted"})[1])
    assert refused.value.code == "unknown_referral"
    assert not ReceivedPackage.objects.exists()


def test_a_file_package_is_imported_with_the_same_checks(people, partner, remote_keys):
    _jti, package = remote_package(remote_keys)
    claims = services.import_package(actor(people["hotline"]), package)
    assert claims["kind"] == "referral" and Referral.objects.filter(direction="in").count() == 1
    with pytest.raises(packages.Refused):
        services.import_package(actor(people["hotline"]), package)
