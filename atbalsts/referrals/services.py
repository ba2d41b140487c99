"""The one way to change referrals. Each function takes the acting user, runs in one
transaction and writes the audit trail on both sides (the sender's and the receiver's
organisation) in that same transaction.

:func:`send_referral` is what other apps call (the municipal screening, the hotline's contact
log); its signature is documented in this app's README.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Organisation
from atbalsts.accounts.steps import Step, require_step
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.identification import catalogue as checklists
from atbalsts.people.access import clients_visible_to
from atbalsts.people.consent import active_consent
from atbalsts.people.models import Client, Consent
from atbalsts.policy.referral_types import INFO_CATEGORIES, Info, ReferralType, referral_types_on

from .models import DeclineReason, Notification, Outcome, Referral, Status

P = Purpose.COOPERATION

# Upper bounds of what a referral carries.
MAX_MESSAGE = 5000
MAX_NOTE = 2000
MAX_CONTACT_VALUE = 200
MAX_CODES = 60
# The coded summary: only these keys, only codes as values (never free text about a person).
SUMMARY_KEYS = ("channel", "caller_type", "topics", "forms", "country", "language", "age_group", "sex")
CONTACT_KEYS = ("name", "phone", "email", "note")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$", re.IGNORECASE)


# --- what a referral type allows ---------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _kind(actor: Actor | None) -> str | None:
    return actor.organisation.kind if actor is not None and actor.organisation is not None else None


def types_for_sender(actor: Actor | None, on: datetime.date | None = None) -> list[ReferralType]:
    """The referral types the actor's organisation may send on ``on`` (today)."""
    kind = _kind(actor)
    return [t for t in referral_types_on(on or _today()).types if kind in t.senders]


def type_label(code: str, language: str = "lv") -> str:
    try:
        t = referral_types_on(_today()).get(code)
    except KeyError:
        return code
    return t.label_lv if language.startswith("lv") else t.label_en


def recipients_for(actor: Actor | None, type_code: str | None = None, on: datetime.date | None = None):
    """Active organisations that receive the types the actor may send (or this one type)."""
    kinds: set[str] = set()
    for t in types_for_sender(actor, on):
        if type_code in (None, t.code):
            kinds |= t.recipients
    qs = Organisation.objects.filter(is_active=True, kind__in=kinds).order_by("name")
    if actor is not None and actor.organisation is not None:
        qs = qs.exclude(pk=actor.organisation.pk)
    return qs


@dataclass(frozen=True)
class Travel:
    """One category of the type and whether it travels to the recipient today."""

    code: str
    label_lv: str
    label_en: str
    travels: bool
    needs_consent: bool
    consent: Consent | None

    def label(self, language: str) -> str:
        return self.label_lv if language.startswith("lv") else self.label_en


def what_travels(rtype: ReferralType, recipient: Organisation | None, client: Client | None,
                 on: datetime.date | None = None) -> list[Travel]:
    """For each category of the type: does it travel? Coded categories always do; the others
    only under a consent in force naming the recipient for that category (checked here, on the
    server, whatever a form or caller claims)."""
    out = []
    for code in rtype.categories:
        info = INFO_CATEGORIES[code]
        consent = None
        if info.consent is not None and client is not None and recipient is not None:
            consent = active_consent(client, recipient, info.consent, on=on)
        out.append(Travel(code=str(code), label_lv=info.label_lv, label_en=info.label_en,
                          travels=info.consent is None or consent is not None,
                          needs_consent=info.consent is not None, consent=consent))
    return out


# --- the audit trail on both sides -------------------------------------------------------


@dataclass(frozen=True)
class _OtherSide:
    """The other organisation of a referral, for its copy of an audit event: no user acted
    there, so none is named; ``detail`` says which organisation did."""

    organisation: Organisation
    user: None = None
    role_label: str = ""


def _audit(actor: Actor, referral: Referral, action: str, detail: dict[str, Any]) -> None:
    own = actor.organisation
    other = referral.recipient if own.pk == referral.sender_id else referral.sender
    base = {"sender": referral.sender_id, "recipient": referral.recipient_id, "type": referral.type_code, **detail}
    record(actor, action, object_type="referral", object_ref=referral.reference, purpose=P, detail=base)
    record(_OtherSide(other), action, object_type="referral", object_ref=referral.reference, purpose=P,
           detail={**base, "by_organisation": own.pk, "copy_for_other_side": True})


def _notify(organisation: Organisation, referral: Referral, kind: str) -> None:
    Notification.objects.create(organisation=organisation, referral=referral, kind=kind, created_at=timezone.now())


# --- checking what the sender gives --------------------------------------------------------


def _codes(field: str, values, allowed: set[str]) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, (list, tuple)) or len(values) > MAX_CODES:
        raise ValidationError({field: _("Give a list of at most %(n)s codes.") % {"n": MAX_CODES}})
    values = list(dict.fromkeys(str(v) for v in values))
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValidationError({field: _("Unknown codes: %(codes)s") % {"codes": ", ".join(unknown)[:200]}})
    return values


def _summary(value) -> dict[str, Any]:
    if not value:
        return {}
    if not isinstance(value, dict):
        raise ValidationError({"summary": _("The summary must be a set of named codes.")})
    unknown = sorted(set(value) - set(SUMMARY_KEYS))
    if unknown:
        raise ValidationError({"summary": _("The summary cannot hold %(keys)s; it holds only: %(allowed)s.") % {
            "keys": ", ".join(str(k)[:40] for k in unknown[:5]), "allowed": ", ".join(SUMMARY_KEYS)}})
    out: dict[str, Any] = {}
    for key, v in value.items():
        items = v if isinstance(v, (list, tuple)) else [v]
        if len(items) > MAX_CODES or not all(isinstance(i, str) and _CODE.match(i) for i in items):
            # Codes only: a free-text answer about a person never travels in a summary.
            raise ValidationError({"summary": _("The summary holds codes only (letters, digits, _ and -), "
                                                "not free text.")})
        out[key] = list(items) if isinstance(v, (list, tuple)) else v
    return out


def _contact(value) -> dict[str, str]:
    if not value:
        return {}
    if not isinstance(value, dict) or set(value) - set(CONTACT_KEYS):
        raise ValidationError({"contact": _("Contact details hold only: %(allowed)s.") % {
            "allowed": ", ".join(CONTACT_KEYS)}})
    out = {}
    for k, v in value.items():
        v = str(v or "").strip()
        if len(v) > MAX_CONTACT_VALUE:
            raise ValidationError({"contact": _("Each contact detail can be at most %(n)s characters.") % {
                "n": MAX_CONTACT_VALUE}})
        if v:
            out[k] = v
    return out


def _recipient(actor: Actor, rtype: ReferralType, recipient) -> Organisation:
    if (not isinstance(recipient, Organisation) or not recipient.is_active or recipient.kind not in rtype.recipients
            or recipient.pk == actor.organisation.pk):
        raise ValidationError({"recipient": _("Choose an active organisation that receives this type of "
                                              "referral.")})
    return recipient


def _type_for(actor: Actor, type_code: str, on: datetime.date) -> ReferralType:
    try:
        rtype = referral_types_on(on).get(str(type_code or ""))
    except KeyError:
        raise ValidationError({"type_code": _("Choose a type of referral.")}) from None
    if actor.organisation.kind not in rtype.senders:
        raise ValidationError({"type_code": _("Your organisation cannot send this type of referral.")})
    return rtype


def _client_of(actor: Actor, client) -> Client | None:
    if client is None:
        return None
    if not isinstance(client, Client) or not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise ValidationError({"client": _("None of your clients has this case number.")})
    return client


def _personal_content(code: str, client: Client) -> Any:
    if code == Info.IDENTITY:
        return {"given_names": client.given_names, "surname": client.surname,
                "birth_date": client.birth_date.isoformat() if client.birth_date else ""}
    if code == Info.FINDINGS:
        from atbalsts.identification.models import RecognitionGround

        grounds = RecognitionGround.objects.filter(case__client=client).order_by("recorded_at")
        return [{"ground": g.ground, "recorded_on": timezone.localtime(g.recorded_at).date().isoformat()}
                for g in grounds]
    if code == Info.COURSE:
        from atbalsts.rehabilitation.models import Course

        return [{"start": c.start.isoformat(), "end": c.actual_end.isoformat() if c.actual_end else ""}
                for c in Course.objects.filter(client=client).order_by("start")]
    return None


# --- sending -------------------------------------------------------------------------------


@transaction.atomic
def send_referral(
    actor: Actor,
    *,
    recipient: Organisation,
    type_code: str,
    client: Client | None = None,
    summary: dict[str, Any] | None = None,
    indicators: list[str] | None = None,
    criteria: list[str] | None = None,
    message: str = "",
    contact: dict[str, str] | None = None,
    origin: tuple[str, int] | None = None,
) -> Referral:
    """Send a referral of ``type_code`` from the actor's organisation to ``recipient``.

    What travels is decided here: the coded parts (summary, indicators, criteria) always; the
    person's name, contact details, findings, course and any free text only under a consent in
    force naming the recipient for that category. With no client, or no such consent, only an
    anonymous notice travels. A message or contact details given without the consent to carry
    them are refused (nothing is saved), never silently sent."""
    require_step(actor, Step.SEND_REFERRAL)
    if not actor.mfa_verified:
        raise PermissionDenied(_("Sign in with your second factor to send a referral."))
    today = _today()
    rtype = _type_for(actor, type_code, today)
    recipient = _recipient(actor, rtype, recipient)
    client = _client_of(actor, client)
    message = str(message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError({"message": _("The message can be at most %(n)s characters.") % {"n": MAX_MESSAGE}})
    contact_given = _contact(contact)
    summary = _summary(summary)
    indicators = _codes("indicators", indicators, checklists.codes(checklists.INDICATORS))
    criteria_items = [(c, lv, en) for g in checklists.CRITERIA_GROUPS for c, lv, en in g.items]
    criteria = _codes("criteria", criteria, checklists.codes(criteria_items))

    travel = {t.code: t for t in what_travels(rtype, recipient, client, today)}
    given = {Info.SUMMARY: bool(summary), Info.INDICATORS: bool(indicators or criteria),
             Info.MESSAGE: bool(message), Info.CONTACT: bool(contact_given)}
    for code, present in given.items():
        if not present:
            continue
        if code not in travel:
            field = {Info.INDICATORS: "indicators"}.get(code, str(code))
            raise ValidationError({field: _("This type of referral does not carry: %(what)s.") % {
                "what": INFO_CATEGORIES[code].label_lv if _lv() else INFO_CATEGORIES[code].label_en}})
        if not travel[code].travels:
            raise ValidationError({str(code): _(
                "The person has not agreed to share this with %(org)s, so it cannot travel: %(what)s. Record "
                "the person's consent naming %(org)s first, or leave it empty (an anonymous notice is sent).") % {
                "org": recipient, "what": travel[code].label(_lang())}})

    content: dict[str, Any] = {}
    consents: dict[str, int] = {}
    for code, t in travel.items():
        if not t.travels:
            continue
        if code == Info.SUMMARY and summary:
            content[code] = summary
        elif code == Info.INDICATORS and (indicators or criteria):
            content[code] = {"indicators": indicators, "criteria": criteria}
        elif code == Info.MESSAGE and message:
            content[code] = message
        elif code == Info.CONTACT:
            details = {k: v for k, v in (("phone", client.phone), ("email", client.email)) if v} if client else {}
            details.update(contact_given)
            if details:
                content[code] = details
        elif t.needs_consent and client is not None:
            value = _personal_content(code, client)
            if value:
                content[code] = value
        if code in content and t.consent is not None:
            consents[code] = t.consent.pk
    first_consent = next((t.consent for t in travel.values() if t.consent is not None and t.code in content), None)
    referral = Referral.objects.create(
        type_code=rtype.code, sender=actor.organisation, recipient=recipient, sent_by=actor.user,
        sent_at=timezone.now(), client=client, consent=first_consent, consents=consents, anonymous=not consents,
        categories=sorted(content), content=content,
        origin_type=origin[0][:40] if origin else "", origin_id=origin[1] if origin else None,
    )
    _notify(recipient, referral, Notification.Kind.RECEIVED)
    _audit(actor, referral, Action.CREATE, {"categories": referral.categories, "anonymous": referral.anonymous,
                                            "consents": consents,
                                            "client": client.case_number if client else ""})
    return referral


def _lang() -> str:
    from django.utils.translation import get_language

    return get_language() or "lv"


def _lv() -> bool:
    return _lang().startswith("lv")


# --- the receiver's answer -----------------------------------------------------------------


def _lock_for_recipient(actor: Actor, referral: Referral) -> Referral:
    if actor is None or actor.organisation is None or referral.recipient_id != actor.organisation.pk:
        raise PermissionDenied(_("Only the organisation the referral was sent to can do this."))
    require_step(actor, Step.ANSWER_REFERRAL)
    if not actor.mfa_verified:
        raise PermissionDenied(_("Sign in with your second factor to answer a referral."))
    # Two workers answering at once: the second waits and then sees the first one's answer.
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def mark_seen(actor: Actor, referral: Referral) -> Referral:
    """Either side opened the referral: its notifications about it are read. The receiving
    organisation's first opening is also noted once, on the timeline."""
    if actor is None or actor.organisation is None:
        return referral
    Notification.objects.filter(referral=referral, organisation=actor.organisation, read_at__isnull=True).update(
        read_at=timezone.now())
    if referral.recipient_id != actor.organisation.pk or referral.seen_at is not None:
        return referral
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.seen_at is None:
        locked.seen_at, locked.seen_by = timezone.now(), actor.user
        locked.save(update_fields=["seen_at", "seen_by"])
        _audit(actor, locked, Action.UPDATE, {"step": "seen"})
    referral.seen_at, referral.seen_by = locked.seen_at, locked.seen_by
    return referral


def _note(value) -> str:
    note = str(value or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("The note can be at most %(n)s characters.") % {"n": MAX_NOTE}})
    return note


def _answered_already(referral: Referral) -> ValidationError:
    when = timezone.localtime(referral.answered_at).strftime("%d.%m.%Y") if referral.answered_at else ""
    return ValidationError(_("This referral was already answered (%(status)s, %(when)s).") % {
        "status": referral.get_status_display(), "when": when})


@transaction.atomic
def accept_referral(actor: Actor, referral: Referral, *, note: str = "") -> Referral:
    locked = _lock_for_recipient(actor, referral)
    note = _note(note)
    if locked.status != Status.SENT:
        raise _answered_already(locked)
    now = timezone.now()
    if locked.seen_at is None:
        locked.seen_at, locked.seen_by = now, actor.user
    locked.status, locked.answered_at, locked.answered_by, locked.answer_note = Status.ACCEPTED, now, actor.user, note
    locked.save()
    _notify(locked.sender, locked, Notification.Kind.ACCEPTED)
    _audit(actor, locked, Action.UPDATE, {"step": "accepted"})
    return locked


@transaction.atomic
def decline_referral(actor: Actor, referral: Referral, *, reason: str, note: str = "") -> Referral:
    locked = _lock_for_recipient(actor, referral)
    note = _note(note)
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose the reason for declining.")})
    if reason == DeclineReason.OTHER and not note:
        raise ValidationError({"note": _("Say in the note why the referral is declined.")})
    if locked.status != Status.SENT:
        raise _answered_already(locked)
    now = timezone.now()
    if locked.seen_at is None:
        locked.seen_at, locked.seen_by = now, actor.user
    locked.status, locked.answered_at, locked.answered_by = Status.DECLINED, now, actor.user
    locked.decline_reason, locked.answer_note = reason, note
    locked.save()
    _notify(locked.sender, locked, Notification.Kind.DECLINED)
    _audit(actor, locked, Action.UPDATE, {"step": "declined", "reason": reason})
    return locked


@transaction.atomic
def record_outcome(actor: Actor, referral: Referral, *, outcome: str, note: str = "") -> Referral:
    locked = _lock_for_recipient(actor, referral)
    note = _note(note)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == Outcome.OTHER and not note:
        raise ValidationError({"note": _("Describe the outcome in the note.")})
    if locked.status == Status.SENT:
        raise ValidationError(_("Accept the referral before recording its outcome."))
    if locked.status == Status.DECLINED:
        raise ValidationError(_("A declined referral has no outcome to record."))
    if locked.status == Status.CLOSED:
        raise ValidationError(_("The outcome of this referral was already recorded on %(when)s.") % {
            "when": timezone.localtime(locked.outcome_at).strftime("%d.%m.%Y")})
    locked.status, locked.outcome, locked.outcome_note = Status.CLOSED, outcome, note
    locked.outcome_at, locked.outcome_by = timezone.now(), actor.user
    locked.save()
    _notify(locked.sender, locked, Notification.Kind.OUTCOME)
    _audit(actor, locked, Action.UPDATE, {"step": "outcome", "outcome": outcome})
    return locked
