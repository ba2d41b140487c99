"""The only ways to change the contact log. Each takes the acting operator, checks the step in
the policy table, runs in one transaction and writes its audit event inside it.

Errors a person can act on are raised as ``ValidationError`` with a message per field, in the
operator's language; nothing is saved then.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership, Role
from atbalsts.accounts.steps import Step, require_step
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib.crypto import keyed_hash
from atbalsts.people import services as people_services
from atbalsts.portal.reference import new_reference

from . import catalogue
from .access import OBJECT_TYPE, may_keep_contact_log
from .models import (
    MAX_DURATION_MINUTES,
    MAX_TALLY,
    CallerChoice,
    CallerProfile,
    CallerType,
    Channel,
    Contact,
    ContactNote,
    CountOnlyKind,
    CountOnlyTally,
    FollowUpTask,
    Language,
    Outcome,
    ShareCategory,
)

CONTACT_FIELDS = (
    "started_at", "channel", "caller_type", "caller_choice", "language", "duration_minutes", "indicators",
    "exploitation_forms", "country", "advice", "outcome", "shared_categories", "caller_handle",
)
MAX_TEXT = 5000
MAX_HANDLE = 200
MAX_TITLE = 200


def _require(actor: Actor) -> None:
    require_step(actor, Step.KEEP_CONTACT_LOG)
    if not may_keep_contact_log(actor):
        raise PermissionDenied(_("A second sign-in factor is needed to keep the contact log."))


def _same_hotline(actor: Actor, contact: Contact) -> None:
    _require(actor)
    if contact.organisation_id != actor.organisation.pk:
        raise PermissionDenied(_("Only the hotline's own operators may change its contacts."))


# --- repeat callers -----------------------------------------------------------------------------


def normalise_handle(text: str) -> str:
    """A phone number as its digits with Latvia's country code; a chat handle folded to lower case.

    '+371 2000 0001', '00371 20000001' and '20000001' are the same caller; '@Anna_K ' and 'anna_k' too.
    """
    text = (text or "").strip()
    digits = re.sub(r"\D", "", text)
    if digits and re.fullmatch(r"[\d\s+().-]+", text):
        if digits.startswith("00"):
            digits = digits[2:]
        if len(digits) == 8 and digits[0] in "2689":
            digits = "371" + digits
        return "tel:" + digits
    return "id:" + text.lstrip("@").casefold()


def caller_keys(organisation_id: int, handle: str) -> list[str]:
    """The caller's keyed hash under every search key, newest first. Scoped to the hotline, so two
    hotlines' profiles of one number cannot be joined by comparing hashes."""
    value = f"{organisation_id}:{normalise_handle(handle)}"
    return [keyed_hash("hotline_caller", value, key) for key in settings.SEARCH_HASH_KEYS]


def _caller_profile(organisation, handle: str) -> CallerProfile:
    keys = caller_keys(organisation.pk, handle)
    profile = CallerProfile.objects.filter(organisation=organisation, key__in=keys).first()
    if profile is None:
        profile, _created = CallerProfile.objects.get_or_create(organisation=organisation, key=keys[0])
    elif profile.key != keys[0]:
        # Found under an older key after a rotation: move the profile to the newest one.
        profile.key = keys[0]
        profile.save(update_fields=["key"])
    return profile


# --- contacts -----------------------------------------------------------------------------------


def _codes(value, allowed: frozenset[str], field: str, errors: dict) -> list[str]:
    value = list(value or [])
    if not all(isinstance(v, str) for v in value) or set(value) - allowed:
        errors[field] = _("Choose from the list.")
        return []
    return [v for v in dict.fromkeys(value)]


def clean_contact(data: dict[str, Any]) -> dict[str, Any]:
    """Check a contact's data; raise a ValidationError naming each field that is wrong."""
    unknown = set(data) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for field, choices in (("channel", Channel), ("caller_type", CallerType), ("caller_choice", CallerChoice),
                           ("language", Language), ("outcome", Outcome)):
        value = data.get(field)
        if value not in choices.values:
            errors[field] = _("Choose one of the options.")
        out[field] = value
    if data.get("outcome") == Outcome.CLIENT:
        errors["outcome"] = _("A client record is opened from the contact page, with the caller's consent.")
    duration = data.get("duration_minutes")
    if isinstance(duration, bool) or not isinstance(duration, int) or not 0 <= duration <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _("Enter the duration as whole minutes from 0 to %(max)d.") % {
            "max": MAX_DURATION_MINUTES}
    out["duration_minutes"] = duration
    out["indicators"] = _codes(data.get("indicators"), catalogue.codes(catalogue.INDICATORS), "indicators", errors)
    out["exploitation_forms"] = _codes(data.get("exploitation_forms"), catalogue.codes(catalogue.EXPLOITATION_FORMS),
                                       "exploitation_forms", errors)
    country = data.get("country") or ""
    if country and country not in catalogue.codes(catalogue.COUNTRIES):
        errors["country"] = _("Choose from the list.")
    out["country"] = country
    advice = data.get("advice") or ""
    if not isinstance(advice, str) or len(advice) > MAX_TEXT:
        errors["advice"] = _("Write at most %(max)d characters.") % {"max": MAX_TEXT}
    out["advice"] = advice if isinstance(advice, str) else ""
    shared = _codes(data.get("shared_categories"), frozenset(ShareCategory.values), "shared_categories", errors)
    if shared and data.get("caller_choice") != CallerChoice.SHARE:
        errors["shared_categories"] = _(
            "Only a caller who chose to share can agree to pass details on; untick these or change their choice.")
    out["shared_categories"] = shared
    handle = data.get("caller_handle") or ""
    if not isinstance(handle, str) or len(handle) > MAX_HANDLE:
        errors["caller_handle"] = _("Write at most %(max)d characters.") % {"max": MAX_HANDLE}
    out["caller_handle"] = handle.strip() if isinstance(handle, str) else ""
    started = data.get("started_at")
    if started is not None:
        if not isinstance(started, datetime.datetime) or timezone.is_naive(started):
            errors["started_at"] = _("Enter a date and time.")
        elif started > timezone.now() + datetime.timedelta(minutes=5):
            errors["started_at"] = _("The contact cannot be in the future.")
    out["started_at"] = started or timezone.now()
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def record_contact(actor: Actor, data: dict[str, Any]) -> Contact:
    """Log one contact. The phone number or handle, if given, only links the caller's profile."""
    _require(actor)
    clean = clean_contact(data)
    handle = clean.pop("caller_handle")
    caller = _caller_profile(actor.organisation, handle) if handle else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                contact = Contact.objects.create(
                    organisation=actor.organisation, reference=new_reference(), operator=actor.user, caller=caller,
                    **clean,
                )
                break
        except IntegrityError:
            continue  # a reference collision: draw another
    else:  # pragma: no cover — about one in 10^14 per attempt
        raise IntegrityError("No free reference code was found.")
    record(actor, Action.CREATE, object_type=OBJECT_TYPE, object_ref=contact.reference, purpose=Purpose.CASEWORK,
           detail={"channel": contact.channel, "outcome": contact.outcome, "repeat_caller": caller is not None})
    return contact


@transaction.atomic
def record_count_only(actor: Actor, kind: str, channel: str, day: datetime.date | None = None) -> CountOnlyTally:
    """Count one silent / hang-up / abusive / information-only / wrong-number contact."""
    _require(actor)
    if kind not in CountOnlyKind.values or channel not in Channel.values or channel == Channel.WEB_REPORT:
        raise ValidationError(_("Choose one of the options."))
    day = day or timezone.localdate()
    tally, _created = CountOnlyTally.objects.select_for_update().get_or_create(
        organisation=actor.organisation, day=day, channel=channel, kind=kind)
    if tally.count >= MAX_TALLY:
        raise ValidationError(_("This count has reached its upper bound for the day."))
    CountOnlyTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
    tally.refresh_from_db()
    record(actor, Action.UPDATE, object_type="hotline_count_only", purpose=Purpose.CASEWORK,
           detail={"day": day.isoformat(), "channel": channel, "kind": kind, "count": tally.count})
    return tally


def counts_for_day(organisation, day: datetime.date) -> dict[tuple[str, str], int]:
    return {(t.channel, t.kind): t.count for t in CountOnlyTally.objects.filter(organisation=organisation, day=day)}


# --- follow-up ----------------------------------------------------------------------------------


def _text(value, field: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value:
        raise ValidationError({field: _("Write something first.")})
    if len(value) > limit:
        raise ValidationError({field: _("Write at most %(max)d characters.") % {"max": limit}})
    return value


@transaction.atomic
def add_note(actor: Actor, contact: Contact, text: str) -> ContactNote:
    _same_hotline(actor, contact)
    note = ContactNote.objects.create(contact=contact, text=_text(text, "text"), author=actor.user)
    record(actor, Action.UPDATE, object_type=OBJECT_TYPE, object_ref=contact.reference, purpose=Purpose.CASEWORK,
           detail={"added": "note"})
    return note


def operators_of(organisation):
    """Active hotline operators of this hotline, the only people a contact can be assigned to."""
    from atbalsts.accounts.models import User

    ids = Membership.objects.filter(organisation=organisation, role=Role.HOTLINE_OPERATOR, is_active=True,
                                    user__is_active=True).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def _operator(actor: Actor, user_id) -> Any:
    user = operators_of(actor.organisation).filter(pk=user_id).first() if str(user_id or "").isdigit() else None
    if user is None:
        raise ValidationError({"assigned_to": _("Choose an operator of this hotline.")})
    return user


@transaction.atomic
def assign_contact(actor: Actor, contact: Contact, user_id) -> Contact:
    _same_hotline(actor, contact)
    user = _operator(actor, user_id)
    previous = contact.assigned_to_id
    contact.assigned_to = user
    contact.save(update_fields=["assigned_to"])
    record(actor, Action.UPDATE, object_type=OBJECT_TYPE, object_ref=contact.reference, purpose=Purpose.CASEWORK,
           detail={"assigned_to": [previous, user.pk]})
    return contact


@transaction.atomic
def add_follow_up_task(actor: Actor, contact: Contact, title: str, due, assigned_to_id=None) -> FollowUpTask:
    _same_hotline(actor, contact)
    title = _text(title, "title", MAX_TITLE)
    today = timezone.localdate()
    if not isinstance(due, datetime.date) or isinstance(due, datetime.datetime):
        raise ValidationError({"due": _("Enter a date.")})
    if due < today:
        raise ValidationError({"due": _("The due date cannot be in the past.")})
    if due > today + datetime.timedelta(days=366):
        raise ValidationError({"due": _("The due date must be within a year.")})
    user = _operator(actor, assigned_to_id) if assigned_to_id else actor.user
    task = FollowUpTask.objects.create(contact=contact, title=title, due=due, assigned_to=user, created_by=actor.user)
    record(actor, Action.UPDATE, object_type=OBJECT_TYPE, object_ref=contact.reference, purpose=Purpose.CASEWORK,
           detail={"added": "task", "due": due.isoformat(), "assigned_to": user.pk})
    return task


@transaction.atomic
def set_task_done(actor: Actor, task: FollowUpTask, done: bool = True) -> FollowUpTask:
    _same_hotline(actor, task.contact)
    task.done = bool(done)
    task.save(update_fields=["done"])
    record(actor, Action.UPDATE, object_type=OBJECT_TYPE, object_ref=task.contact.reference,
           purpose=Purpose.CASEWORK, detail={"task": task.pk, "done": task.done})
    return task


# --- from a contact to a client ----------------------------------------------------------------

CLIENT_FROM_CONTACT_FIELDS = ("given_names", "surname", "phone", "email")


@transaction.atomic
def open_client_from_contact(actor: Actor, contact: Contact, data: dict[str, Any], consent: bool):
    """Open a client record from a contact, with the caller's consent, carrying only what they agreed.

    The name is what the caller gave for the record; the phone and e-mail travel only if the caller
    agreed to pass on how to reach them, the language only if they agreed to that. Client, link and
    audit events land together or not at all.
    """
    _same_hotline(actor, contact)
    require_step(actor, Step.OPEN_CLIENT_FROM_CONTACT)
    errors: dict[str, str] = {}
    if consent is not True:
        errors["consent"] = _("Record that the caller agreed to a client record being opened.")
    if contact.client_id:
        errors["__all__"] = _("A client record was already opened from this contact.")
    if contact.caller_choice == CallerChoice.ANONYMOUS:
        errors["__all__"] = _("The caller chose to stay anonymous, so no client record can be opened.")
    unknown = set(data) - set(CLIENT_FROM_CONTACT_FIELDS)
    if unknown:
        errors["__all__"] = _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
    shared = set(contact.shared_categories or [])
    wanted: dict[str, Any] = {}
    for field in ("given_names", "surname"):
        value = (data.get(field) or "").strip()
        if not value:
            errors[field] = _("Write the name the caller gave for the record.")
        elif len(value) > MAX_HANDLE:
            errors[field] = _("Write at most %(max)d characters.") % {"max": MAX_HANDLE}
        wanted[field] = value
    for field in ("phone", "email"):
        value = (data.get(field) or "").strip()
        if value and ShareCategory.CONTACT not in shared:
            errors[field] = _("The caller did not agree to pass on how to reach them; leave this empty.")
        elif len(value) > MAX_HANDLE:
            errors[field] = _("Write at most %(max)d characters.") % {"max": MAX_HANDLE}
        elif value:
            wanted[field] = value
    if ShareCategory.LANGUAGE in shared and contact.language != Language.OTHER:
        wanted["languages"] = contact.language
    if errors:
        raise ValidationError(errors)
    client = people_services.create_client(actor, wanted)
    contact.client = client
    contact.client_consent_at = timezone.now()
    contact.outcome = Outcome.CLIENT
    contact.save(update_fields=["client", "client_consent_at", "outcome"])
    record(actor, Action.UPDATE, object_type=OBJECT_TYPE, object_ref=contact.reference, purpose=Purpose.CASEWORK,
           detail={"client": client.case_number, "carried": sorted(wanted)})
    return client


# --- hooks for the other stages ----------------------------------------------------------------


def contact_summary_for_referral(contact: Contact) -> dict[str, Any]:
    """What of this contact may travel with a referral: only the categories the caller agreed to.

    Codes, not text (a receiver in another language reads them). A caller who did not choose to
    share yields only the channel and caller type, which say nothing about them.
    """
    agreed = set(contact.shared_categories or []) if contact.caller_choice == CallerChoice.SHARE else set()
    summary: dict[str, Any] = {
        "reference": contact.reference,
        "channel": contact.channel,
        "caller_type": contact.caller_type,
        "categories": sorted(agreed),
    }
    if ShareCategory.TOPICS in agreed:
        summary["indicators"] = list(contact.indicators or [])
        summary["exploitation_forms"] = list(contact.exploitation_forms or [])
    if ShareCategory.COUNTRY in agreed and contact.country:
        summary["country"] = contact.country
    if ShareCategory.LANGUAGE in agreed:
        summary["language"] = contact.language
    if ShareCategory.CONTACT in agreed and contact.client_id:
        summary["client_case_number"] = contact.client.case_number
    return summary


def refer_contact(actor: Actor, contact: Contact, recipient) -> Any:
    """Refer the caller of a contact to a service provider in one step (issue 12 §1), through the
    one referral model (``referrals.services.send_referral``, type ``hotline_to_provider``).

    What travels is what the caller agreed to (``contact_summary_for_referral``): the channel
    and caller type always (they say nothing about the person); topics, forms, country and
    language only if agreed. If a client record was opened from the contact and the caller agreed
    to be reached, the referral names that client, and the client's consents decide whether the
    name and contact details travel; otherwise the provider receives an anonymous notice."""
    from atbalsts.referrals.services import send_referral

    agreed = contact_summary_for_referral(contact)
    summary: dict[str, Any] = {"channel": contact.channel, "caller_type": contact.caller_type}
    if agreed.get("exploitation_forms"):
        summary["forms"] = agreed["exploitation_forms"]
    for key in ("country", "language"):
        if agreed.get(key):
            summary[key] = agreed[key]
    client = contact.client if "client_case_number" in agreed else None
    with transaction.atomic():
        referral = send_referral(
            actor, recipient=recipient, type_code="hotline_to_provider", client=client, summary=summary,
            indicators=agreed.get("indicators") or None, origin=("hotline_contact", contact.pk),
        )
        record(actor, Action.UPDATE, object_type=OBJECT_TYPE, object_ref=contact.reference,
               detail={"referred": referral.reference, "to": recipient.pk})
    return referral
