"""Every change of the federation goes through these functions: they check who may, run in one
transaction and write the audit event in that transaction (ADR 0020c)."""

from __future__ import annotations

import datetime
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.accounts.steps import Step, require_step
from atbalsts.audit.log import record as audit
from atbalsts.audit.models import Action, Purpose
from atbalsts.jobs.once import Ledger, StepDone
from atbalsts.policy.federation import FederationRules, federation_rules_on, retry_delay

from . import catalogue, packages
from .models import (
    Delivery,
    Direction,
    Exchange,
    MessageKind,
    OutboxMessage,
    PartnerConsent,
    PartnerHotline,
    ReceivedPackage,
    Referral,
    Status,
)
from .record import PERSONAL_ITEMS, InvalidRecord, clean

API_PATH = "/federation/v1/packages/"
OBJECT = "federation_referral"


class FederationUnavailable(RuntimeError):
    """This instance has no federation key configured."""


# --- this instance ------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _keys_from(text: str) -> packages.OwnKeys:
    return packages.OwnKeys.from_json(text)


def own_keys() -> packages.OwnKeys:
    if not settings.FEDERATION_KEY or not settings.FEDERATION_ID:
        raise FederationUnavailable(_("This instance has no federation key."))
    return _keys_from(settings.FEDERATION_KEY)


def own_id() -> str:
    return settings.FEDERATION_ID


def rules_now(now: datetime.datetime | None = None) -> tuple[FederationRules, tuple[datetime.timedelta, ...]]:
    """The rules in force and the retry delays (the installation's own, if it set them)."""
    now = now or timezone.now()
    rules = federation_rules_on(timezone.localdate(now))
    delays = rules.retry_delays
    if settings.FEDERATION_RETRY_DELAYS:
        delays = tuple(
            datetime.timedelta(seconds=min(max(int(s), 0), 7 * 24 * 3600))
            for s in settings.FEDERATION_RETRY_DELAYS.split(",")
            if s.strip()
        ) or delays
    return rules, delays


def _signing_key_of(code: str):
    partner = PartnerHotline.objects.filter(code=code[:60], is_active=True, is_self=False).first()
    if partner is None or not partner.signing_key:
        return None
    return packages.import_public(partner.signing_key, "Ed25519")


def _reference() -> str:
    alphabet = "ACDEFGHJKLMNPQRTUVWXY3479"
    while True:
        ref = "F" + "".join(secrets.choice(alphabet) for _ in range(7))
        if not Referral.objects.filter(reference=ref).exists():
            return ref


def receiving_organisation(partner: PartnerHotline) -> Organisation | None:
    """Our hotline whose operators receive this partner's referrals."""
    if partner.local_organisation_id:
        return partner.local_organisation
    own = PartnerHotline.objects.filter(is_self=True).select_related("local_organisation").first()
    if own and own.local_organisation_id:
        return own.local_organisation
    return Organisation.objects.filter(kind=OrganisationKind.HOTLINE, is_active=True).order_by("id").first()


# --- the registry -------------------------------------------------------------------------------

def register_partner(*, code: str, country: str, organisation: str, keys: dict | None, base_url: str = "",
                     is_self: bool = False, local_organisation: Organisation | None = None,
                     **details: Any) -> PartnerHotline:
    """Add or update a partner (management command, demo). Keys are checked before anything is saved."""
    values: dict[str, Any] = {"country": country, "organisation": organisation, "is_self": is_self,
                              "base_url": base_url, "exchange": Exchange.API if base_url else Exchange.FILE,
                              "local_organisation": local_organisation, **details}
    if keys:
        try:
            packages.import_public(keys.get("sign"), "Ed25519")
            packages.import_public(keys.get("encrypt"), "X25519")
        except (ValueError, AttributeError) as exc:
            raise ValidationError(str(exc)) from exc
        values["signing_key"] = {k: keys["sign"][k] for k in ("kty", "crv", "x")}
        values["encryption_key"] = {k: keys["encrypt"][k] for k in ("kty", "crv", "x")}
    with transaction.atomic():
        partner, created = PartnerHotline.objects.update_or_create(code=code, defaults=values)
        audit(None, Action.CREATE if created else Action.UPDATE, object_type="partner_hotline",
              object_ref=partner.code, purpose=Purpose.ADMINISTRATION)
    return partner


# --- outbound -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConsentGiven:
    given_by: str
    channel: str
    purpose: str
    confirmed: bool


def _seal_for(partner: PartnerHotline, kind: str, body: dict, now: datetime.datetime) -> tuple[str, str]:
    rules, _delays = rules_now(now)
    return packages.seal(
        own=own_keys(), sender=own_id(), recipient=partner.code,
        recipient_key=packages.import_public(partner.encryption_key, "X25519"),
        kind=kind, body=body, now=now, lifetime=rules.package_lifetime,
    )


def _queue(referral: Referral, kind: str, body: dict, now: datetime.datetime) -> OutboxMessage:
    rules, _delays = rules_now(now)
    jti, package = _seal_for(referral.partner, kind, body, now)
    message = OutboxMessage.objects.create(
        referral=referral, kind=kind, jti=jti, package=package, next_attempt_at=now,
        expires_at=now + rules.give_up_after, created_at=now,
    )
    if referral.partner.exchange == Exchange.API:
        transaction.on_commit(_enqueue_delivery)
    return message


def _enqueue_delivery(at: datetime.datetime | None = None) -> None:
    from .tasks import deliver_due_task

    try:
        (deliver_due_task.using(run_after=at) if at else deliver_due_task).enqueue()
    except Exception:  # the outbox row is the record; `federation_deliver` on a timer delivers it too
        logging.getLogger(__name__).warning("Could not queue the federation delivery task.", exc_info=True)


def refer_abroad(actor: Actor, partner: PartnerHotline, data: dict[str, Any], consent: ConsentGiven) -> Referral:
    """Send a referral to a partner hotline, with the person's explicit consent to that partner."""
    require_step(actor, Step.REFER_ABROAD)
    if not partner.can_receive:
        raise ValidationError(_("This partner cannot receive referrals: it is inactive or has no key."))
    if not consent.confirmed:
        raise ValidationError({"consent_confirmed": _(
            "A referral abroad needs the person's explicit consent to this partner and purpose.")})
    now = timezone.now()
    data = {**data, "con_Consent": True, "cas_OutgoingReferralDate": timezone.localdate(now).isoformat()}
    try:
        htcds = clean({k: v for k, v in data.items() if v not in (None, "", [])})
    except InvalidRecord as exc:
        raise ValidationError(_("This item cannot be sent: %(field)s.") % {"field": exc}) from exc
    with transaction.atomic():
        given = PartnerConsent.objects.create(
            organisation=actor.organisation, partner=partner, given_by=consent.given_by, channel=consent.channel,
            purpose=consent.purpose, given_at=now, recorded_by=actor.user,
            items=[k for k in PERSONAL_ITEMS if k in htcds],
        )
        referral = Referral.objects.create(
            reference=_reference(), direction=Direction.OUTBOUND, organisation=actor.organisation, partner=partner,
            package_id="pending", data=htcds, consent=given, status=Status.WAITING, created_at=now,
            created_by=actor.user,
        )
        body = {"htcds": catalogue.HTCDS_VERSION, "record": htcds,
                "sender": {"org_Name": actor.organisation.name, "org_ShippingCountry": "LV"}}
        message = _queue(referral, MessageKind.REFERRAL, body, now)
        referral.package_id = message.jti
        referral.save(update_fields=["package_id"])
        audit(actor, Action.CREATE, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION,
              detail={"partner": partner.code, "consent": given.pk, "items": given.items})
    return referral


def cancel_referral(actor: Actor, referral: Referral) -> Referral:
    require_step(actor, Step.REFER_ABROAD)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.direction != Direction.OUTBOUND or referral.status != Status.WAITING:
            raise ValidationError(_("Only a referral that is still waiting for delivery can be cancelled."))
        referral.messages.filter(status=Delivery.WAITING).update(status=Delivery.CANCELLED)
        referral.status = Status.CANCELLED
        referral.save(update_fields=["status"])
        audit(actor, Action.UPDATE, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION,
              detail={"status": Status.CANCELLED})
    return referral


def export_package(actor: Actor, referral: Referral) -> OutboxMessage:
    """The newest waiting package of a referral, as a file to hand over; for a partner without an
    instance the hand-over is the delivery."""
    require_step(actor, Step.REFER_ABROAD if referral.direction == Direction.OUTBOUND else Step.ANSWER_PARTNER_REFERRAL)
    with transaction.atomic():
        message = referral.messages.filter(status=Delivery.WAITING).order_by("-created_at", "-id").first()
        if message is None:
            raise ValidationError(_("Nothing is waiting to be handed over."))
        now = timezone.now()
        if referral.partner.exchange == Exchange.FILE:
            _mark_delivered(message, now)
        audit(actor, Action.EXPORT, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION,
              detail={"partner": referral.partner.code, "kind": message.kind})
    return message


# --- delivery (the task and the timer command) --------------------------------------------------

def _mark_delivered(message: OutboxMessage, now: datetime.datetime) -> None:
    message.status = Delivery.DELIVERED
    message.delivered_at = now
    message.last_error = ""
    message.save(update_fields=["status", "delivered_at", "last_error"])
    referral = message.referral
    if message.kind == MessageKind.REFERRAL and referral.status == Status.WAITING:
        referral.status = Status.DELIVERED
        referral.delivered_at = now
        referral.save(update_fields=["status", "delivered_at"])
    audit(None, Action.DISCLOSE, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION,
          detail={"partner": referral.partner.code, "kind": message.kind})


def _post(partner: PartnerHotline, package: str) -> tuple[int, dict]:
    url = partner.base_url.rstrip("/") + API_PATH
    response = requests.post(url, json={"package": package}, timeout=settings.FEDERATION_TIMEOUT_SECONDS,
                             allow_redirects=False)
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    return response.status_code, answer if isinstance(answer, dict) else {}


def _ack_ok(message: OutboxMessage, answer: dict, now: datetime.datetime) -> bool:
    rules, _delays = rules_now(now)
    try:
        claims = packages.verify_signed(
            str(answer.get("ack", ""))[:20_000], own_id=own_id(), signing_key_of=_signing_key_of, now=now,
            clock_skew=rules.clock_skew, max_lifetime=rules.package_lifetime,
        )
    except packages.Refused:
        return False
    return (claims["kind"] == "ack" and claims["iss"] == message.referral.partner.code
            and claims["body"].get("ref") == message.jti)


def deliver(message: OutboxMessage, now: datetime.datetime | None = None,
            record: Callable[[], None] | None = None) -> str:
    """One delivery attempt; returns the message's status afterwards. ``record`` is called inside
    the transaction that records the attempt's outcome (the task's ledger, ADR 0023)."""
    now = now or timezone.now()
    record = record or (lambda: None)
    rules, delays = rules_now(now)
    partner = message.referral.partner
    if message.expires_at <= now:
        with transaction.atomic():
            record()
            message.status = Delivery.EXPIRED
            message.save(update_fields=["status"])
            if message.kind == MessageKind.REFERRAL and message.referral.status == Status.WAITING:
                message.referral.status = Status.EXPIRED
                message.referral.save(update_fields=["status"])
            audit(None, Action.UPDATE, object_type=OBJECT, object_ref=message.referral.reference,
                  purpose=Purpose.COOPERATION, detail={"delivery": Delivery.EXPIRED, "kind": message.kind})
        return message.status
    error = ""
    try:
        status, answer = _post(partner, message.package)
    except requests.RequestException:
        status, answer, error = 0, {}, "unreachable"
    if status == 202 and _ack_ok(message, answer, now):
        with transaction.atomic():
            record()
            message.attempts += 1
            message.save(update_fields=["attempts"])
            _mark_delivered(message, now)
        return message.status
    if status == 409 and answer.get("error") == "replay":
        # The partner already has it: an earlier attempt arrived but its acknowledgement was lost.
        with transaction.atomic():
            record()
            _mark_delivered(message, now)
        return message.status
    if not error:
        refused = 400 <= status < 500 and answer.get("error")
        error = f"refused_{answer.get('error')}"[:40] if refused else f"http_{status}"
    with transaction.atomic():
        record()
        message.attempts += 1
        message.last_error = error
        wait = retry_delay(rules, message.attempts, delays)
        if wait is None:
            message.status = Delivery.EXPIRED
            if message.kind == MessageKind.REFERRAL and message.referral.status == Status.WAITING:
                message.referral.status = Status.EXPIRED
                message.referral.save(update_fields=["status"])
        else:
            message.next_attempt_at = now + wait
            transaction.on_commit(lambda at=message.next_attempt_at: _enqueue_delivery(at))
        message.save(update_fields=["attempts", "last_error", "next_attempt_at", "status"])
        audit(None, Action.UPDATE, object_type=OBJECT, object_ref=message.referral.reference,
              purpose=Purpose.COOPERATION, detail={"delivery_failed": error, "attempt": message.attempts})
    return message.status


# A run of the timer command never takes longer than this many deliveries.
MAX_PER_RUN = 200


def deliver_due(now: datetime.datetime | None = None, limit: int = MAX_PER_RUN, ledger: Ledger | None = None
                ) -> dict[str, int]:
    """Try every package whose time has come (API partners only); returns counts by resulting status.

    From the queued task, ``ledger`` is that task run's: a package whose attempt an earlier run of
    the same task already recorded (that run's worker died before the task was marked finished) is
    not tried again by this run, so neither the attempt nor its audit event is counted twice.
    The package itself carries the partner's idempotency key (its ``jti``): a package posted twice
    is refused as a replay the second time, and a replay answer counts as delivered."""
    now = now or timezone.now()
    ledger = ledger or Ledger(None)
    counts: dict[str, int] = {}
    due = (OutboxMessage.objects.filter(status=Delivery.WAITING, next_attempt_at__lte=now,
                                        referral__partner__exchange=Exchange.API)
           .select_related("referral__partner").order_by("next_attempt_at", "id")[: max(1, min(limit, MAX_PER_RUN))])
    for message in due:
        step = f"outbox-{message.pk}"
        if ledger.done(step):
            counts["done_before"] = counts.get("done_before", 0) + 1
            continue
        try:
            result = deliver(message, now, record=lambda step=step: ledger.claim(step))
        except StepDone:  # a run of the same task overlapping this one recorded it first
            result = "done_before"
        counts[result] = counts.get(result, 0) + 1
    return counts


# --- inbound ------------------------------------------------------------------------------------

def _refusal(code: str, sender: str, via: str, actor: Actor | None) -> None:
    """The refusal's trace: why, from which known partner, how it came. No content of the package."""
    detail = {"reason": code, "via": via}
    if sender and PartnerHotline.objects.filter(code=sender[:60]).exists():
        detail["sender"] = sender[:60]
    with transaction.atomic():
        audit(actor, Action.DENIED, object_type="federation_package", purpose=Purpose.SECURITY, detail=detail)


def receive_package(package: str, *, via: str = "api", actor: Actor | None = None) -> tuple[dict, str]:
    """Take a package from a partner: everything or nothing. Returns its claims and a signed
    acknowledgement; raises :class:`packages.Refused` (already logged) otherwise."""
    now = timezone.now()
    rules, _delays = rules_now(now)
    try:
        claims = packages.open_package(
            package, own=own_keys(), own_id=own_id(), signing_key_of=_signing_key_of, now=now,
            clock_skew=rules.clock_skew, max_lifetime=rules.package_lifetime,
        )
        if claims["kind"] == "ack":
            raise packages.Refused("malformed", claims["iss"])
        with transaction.atomic():
            partner = PartnerHotline.objects.get(code=claims["iss"], is_active=True, is_self=False)
            try:
                with transaction.atomic():
                    ReceivedPackage.objects.create(
                        partner=partner, jti=claims["jti"], kind=claims["kind"], received_at=now,
                        expires_at=datetime.datetime.fromtimestamp(claims["exp"], tz=datetime.UTC),
                    )
            except IntegrityError:
                raise packages.Refused("replay", partner.code) from None
            if claims["kind"] == MessageKind.REFERRAL:
                _take_referral(partner, claims, now, via, actor)
            else:
                _take_reply(partner, claims, now, via, actor)
    except packages.Refused as refused:
        _refusal(refused.code, refused.sender, via, actor)
        raise
    ack = packages.sign_only(own=own_keys(), claims={
        "iss": own_id(), "aud": claims["iss"], "jti": secrets.token_hex(16), "iat": int(now.timestamp()),
        "exp": int((now + rules.package_lifetime).timestamp()), "kind": "ack", "body": {"ref": claims["jti"]},
    })
    return claims, ack


def _take_referral(partner: PartnerHotline, claims: dict, now, via: str, actor: Actor | None) -> None:
    body = claims["body"]
    if body.get("htcds") != catalogue.HTCDS_VERSION:
        raise packages.Refused("invalid_content", partner.code)
    try:
        data = clean(body.get("record"))
    except InvalidRecord:
        raise packages.Refused("invalid_content", partner.code) from None
    organisation = receiving_organisation(partner)
    if organisation is None:
        raise packages.Refused("no_receiver", partner.code)
    referral = Referral.objects.create(
        reference=_reference(), direction=Direction.INBOUND, organisation=organisation, partner=partner,
        package_id=claims["jti"], data=data, status=Status.RECEIVED, created_at=now, delivered_at=now,
    )
    audit(actor, Action.CREATE, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION,
          detail={"partner": partner.code, "kind": "referral", "via": via})


def _take_reply(partner: PartnerHotline, claims: dict, now, via: str, actor: Actor | None) -> None:
    body = claims["body"]
    ref = str(body.get("ref", ""))[:64]
    referral = (Referral.objects.select_for_update()
                .filter(partner=partner, direction=Direction.OUTBOUND, package_id=ref).first())
    if referral is None or referral.status in (Status.CANCELLED, Status.EXPIRED):
        raise packages.Refused("unknown_referral", partner.code)
    if claims["kind"] == MessageKind.ANSWER:
        answer = body.get("answer")
        reason = body.get("reason", "")
        if answer not in (Status.ACCEPTED, Status.DECLINED) or (
            answer == Status.DECLINED and reason not in catalogue.DeclineReason.values
        ) or referral.status not in (Status.WAITING, Status.DELIVERED):
            raise packages.Refused("invalid_content", partner.code)
        referral.status = answer
        referral.decline_reason = reason if answer == Status.DECLINED else ""
        referral.answered_at = now
        referral.delivered_at = referral.delivered_at or now
        # An answer proves the referral arrived, even if its acknowledgement did not come back.
        referral.messages.filter(kind=MessageKind.REFERRAL, status=Delivery.WAITING).update(
            status=Delivery.DELIVERED, delivered_at=now)
        detail = {"partner": partner.code, "answer": answer, "via": via}
    else:
        outcome = body.get("outcome")
        if outcome not in catalogue.Outcome.values or referral.status != Status.ACCEPTED:
            raise packages.Refused("invalid_content", partner.code)
        referral.outcome = outcome
        referral.outcome_at = now
        detail = {"partner": partner.code, "outcome": outcome, "via": via}
    referral.save()
    audit(actor, Action.UPDATE, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION,
          detail=detail)


def import_package(actor: Actor, text: str) -> dict:
    """A package handed over as a file: the same checks as the endpoint, by an operator."""
    require_step(actor, Step.ANSWER_PARTNER_REFERRAL)
    claims, _ack = receive_package(text.strip(), via="file", actor=actor)
    return claims


# --- answering an inbound referral --------------------------------------------------------------

def answer_referral(actor: Actor, referral: Referral, accept: bool, reason: str = "") -> Referral:
    require_step(actor, Step.ANSWER_PARTNER_REFERRAL)
    if not accept and reason not in catalogue.DeclineReason.values:
        raise ValidationError({"reason": _("Choose why the referral is declined.")})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("partner").get(pk=referral.pk)
        if referral.direction != Direction.INBOUND or referral.status != Status.RECEIVED:
            raise ValidationError(_("This referral has already been answered."))
        now = timezone.now()
        referral.status = Status.ACCEPTED if accept else Status.DECLINED
        referral.decline_reason = "" if accept else reason
        referral.answered_at = now
        referral.save(update_fields=["status", "decline_reason", "answered_at"])
        body = {"ref": referral.package_id, "answer": referral.status}
        if not accept:
            body["reason"] = reason
        _queue(referral, MessageKind.ANSWER, body, now)
        audit(actor, Action.UPDATE, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION,
              detail={"answer": referral.status, "reason": referral.decline_reason})
    return referral


def record_outcome(actor: Actor, referral: Referral, outcome: str) -> Referral:
    require_step(actor, Step.ANSWER_PARTNER_REFERRAL)
    if outcome not in catalogue.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("partner").get(pk=referral.pk)
        if referral.direction != Direction.INBOUND or referral.status != Status.ACCEPTED or referral.outcome:
            raise ValidationError(_("An outcome can be recorded once, for an accepted referral."))
        now = timezone.now()
        referral.outcome = outcome
        referral.outcome_at = now
        referral.save(update_fields=["outcome", "outcome_at"])
        _queue(referral, MessageKind.OUTCOME, {"ref": referral.package_id, "outcome": outcome}, now)
        audit(actor, Action.UPDATE, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION,
              detail={"outcome": outcome})
    return referral


def public_keys_document() -> str:
    return json.dumps({"id": own_id(), "keys": own_keys().public()}, indent=2)
