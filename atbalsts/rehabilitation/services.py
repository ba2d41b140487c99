"""The only way to change courses, their services and after-care: actor in, one transaction,
the course row locked (entries of one course are checked one after another), the policy
calculator asked inside the transaction, the audit event written inside it."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.steps import Step, require_step
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.decisions.models import Decision, Outcome
from atbalsts.identification import stats as identification_stats
from atbalsts.lib import documents
from atbalsts.policy import entitlements as ent
from atbalsts.policy.rules import ruleset_on
from atbalsts.policy.validators import check_rules_date
from atbalsts.statistics import services as statistics

from .access import courses_visible_to
from .ledger import course_status, situation_for
from .models import (
    AftercareEntry,
    AftercareKind,
    ClosureReason,
    Course,
    ProceedingsDocument,
    ProceedingsSupport,
    ServiceEntry,
    ServiceKind,
)

P = Purpose.REHABILITATION


class Refused(ValidationError):
    """The policy calculator said no: carries its reason code and message in the user's language."""

    def __init__(self, check: ent.Check, field: str = "on"):
        self.reason = check.code.value
        self.text = check.message(get_language())
        super().__init__({field: [ValidationError(self.text, code=self.reason)]})


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(actor: Actor, course: Course) -> Course:
    """The course, locked for this transaction, if the actor is on its case team."""
    locked = courses_visible_to(actor).select_for_update().filter(pk=course.pk).first()
    if locked is None:
        raise PermissionDenied(_("Only the case team can do this."))
    return locked


def _hours(value: Any, field: str = "hours") -> Decimal:
    try:
        hours = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give the number of hours, e.g. 1 or 1.5.")}) from None
    if hours < 0 or hours != hours.quantize(Decimal("0.01")) or hours >= Decimal("10000"):
        raise ValidationError({field: _("Give the number of hours, e.g. 1 or 1.5.")})
    return hours


def _date(value: Any) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValidationError({"on": _("Give the date.")})
    if value > _today():
        raise ValidationError({"on": _("Record help on or after the day it was given, not in advance.")})
    check_rules_date("on", value)
    return value


# --- the course ----------------------------------------------------------------------------------


def _course_statistics(course: Course, **values) -> None:
    """The course's months on the case's de-identified statistical record (ADR 0017)."""
    decision = course.decision
    if decision is None:
        return
    statistics.write(identification_stats.sync(decision.application.case), **values)


def open_course_for_grant(decision: Decision) -> Course | None:
    """SIVA granted the service: open the course from the decision's start date.

    Called in the transaction that saves the decision (see ``signals.py``). A correction of a
    grant moves the existing course to the new decision (and its start, if nothing is recorded
    yet); it never opens a second one.
    """
    if decision.outcome != Outcome.GRANT:
        _end_course_of_withdrawn_grant(decision)
        return None
    if decision.service_start is None:
        return None
    if Course.objects.filter(decision=decision).exists():
        return None
    application = decision.application
    previous = Course.objects.filter(decision=decision.supersedes).first() if decision.supersedes_id else None
    if previous is not None:
        previous.decision = decision
        fields = ["decision"]
        if not previous.entries.exists() and not previous.aftercare.exists():
            previous.start = decision.service_start
            fields.append("start")
        previous.save(update_fields=fields)
        course = previous
        action = Action.UPDATE
    else:
        course = Course.objects.create(client=application.case.client, organisation=application.organisation,
                                       decision=decision, start=decision.service_start)
        action = Action.CREATE
    end = course_status(course, course.start).end
    _course_statistics(course, course_start_month=course.start, course_end_month=None, course_closure_reason="",
                       course_days=None)
    record(decision.decided_by, action, object_type="rehabilitation_course", object_ref=course.reference,
           purpose=P, detail={"decision": decision.pk, "start": course.start.isoformat(),
                              "end": end.isoformat()})
    return course


def _end_course_of_withdrawn_grant(decision: Decision) -> None:
    """SIVA corrected a grant into a queue place or a refusal: the course it opened ends.

    A course that has not begun and holds nothing is removed; otherwise it closes on the day of
    the new decision (never before its start or its last recorded service), with the reason
    "SIVA changed its decision". Runs in the transaction that saves the decision.
    """
    if not decision.supersedes_id:
        return
    course = Course.objects.select_for_update().filter(decision=decision.supersedes).first()
    if course is None or course.actual_end is not None:
        return
    last = max(
        [d for d in (course.entries.order_by("-on").values_list("on", flat=True).first(),
                     course.aftercare.order_by("-on").values_list("on", flat=True).first()) if d],
        default=None,
    )
    if last is None and decision.decided_on < course.start:
        record(decision.decided_by, Action.DELETE, object_type="rehabilitation_course", object_ref=course.reference,
               purpose=P, detail={"decision": decision.pk, "reason": ClosureReason.DECISION_CHANGED})
        _course_statistics(course, course_start_month=None)
        course.delete()
        return
    latest = course_status(course, course.start).latest_end
    on = max(min(decision.decided_on, latest), course.start, last or course.start)
    course.actual_end, course.closure_reason = on, ClosureReason.DECISION_CHANGED
    course.closing_summary = f"SIVA mainīja lēmumu (lēmums Nr. {decision.pk})."
    course.closed_by, course.closed_at = decision.decided_by, timezone.now()
    course.save()
    _course_statistics(course, course_end_month=on, course_closure_reason=ClosureReason.DECISION_CHANGED,
                       course_days=(on - course.start).days + 1)
    record(decision.decided_by, Action.UPDATE, object_type="rehabilitation_course", object_ref=course.reference,
           purpose=P, detail={"decision": decision.pk, "closed_on": on.isoformat(),
                              "reason": ClosureReason.DECISION_CHANGED})


@transaction.atomic
def close_course(actor: Actor, course: Course, data: dict[str, Any]) -> Course:
    """Close the course before its 180th day, with a reason code and a closing summary."""
    course = _lock(actor, course)
    require_step(actor, Step.HOLD_COURSE)
    if course.actual_end is not None:
        raise ValidationError(_("The course is already closed."))
    reason = data.get("closure_reason") or ""
    if reason not in ClosureReason.values:
        raise ValidationError({"closure_reason": _("Choose the reason for closing.")})
    summary = (data.get("closing_summary") or "").strip()
    if not summary:
        raise ValidationError({"closing_summary": _("Write the closing summary.")})
    on = data.get("actual_end") or _today()
    if not isinstance(on, datetime.date):
        raise ValidationError({"actual_end": _("Give the date.")})
    status = course_status(course, _today())
    if on < course.start:
        raise ValidationError({"actual_end": _("The course starts on %(date)s; it cannot close before that.")
                               % {"date": course.start.strftime("%d.%m.%Y")}})
    if on > _today():
        raise ValidationError({"actual_end": _("A course is closed on the day it ends, not in advance.")})
    if on > status.latest_end:
        raise ValidationError({"actual_end": _("The course ended on %(date)s; there is nothing to close early.")
                               % {"date": status.latest_end.strftime("%d.%m.%Y")}})
    last = course.entries.order_by("-on").values_list("on", flat=True).first()
    if last is not None and last > on:
        raise ValidationError({"actual_end": _(
            "A course service is recorded on %(date)s; the course cannot close before that day."
        ) % {"date": last.strftime("%d.%m.%Y")}})
    course.actual_end, course.closure_reason, course.closing_summary = on, reason, summary
    course.closed_by, course.closed_at = actor.user, timezone.now()
    course.full_clean()
    course.save()
    _course_statistics(course, course_end_month=on, course_closure_reason=reason,
                       course_days=(on - course.start).days + 1)
    record(actor, Action.UPDATE, object_type="rehabilitation_course", object_ref=course.reference, purpose=P,
           detail={"closed_on": on.isoformat(), "reason": reason})
    return course


# --- course services -----------------------------------------------------------------------------

# What each kind of service must say (field: message), and the fields it keeps.
_REQUIRED = {
    ServiceKind.CONSULTATION: ("specialist", "mode"),
    ServiceKind.SHELTER: ("accommodation",),
    ServiceKind.GOODS: ("goods_category",),
    ServiceKind.DOCUMENTS: ("document_type", "document_action"),
    ServiceKind.TRAINING: ("training_step",),
    ServiceKind.ACCOMPANIMENT: ("accompanied_to",),
}
_KEPT = {
    ServiceKind.CONSULTATION: ("specialist", "hours", "mode", "interpreter"),
    ServiceKind.SHELTER: ("nights", "children_nights", "accommodation", "partner_name"),
    ServiceKind.GOODS: ("goods_category", "amount_eur"),
    ServiceKind.DOCUMENTS: ("document_type", "document_action", "amount_eur"),
    ServiceKind.TRAINING: ("training_step", "hours"),
    ServiceKind.ACCOMPANIMENT: ("accompanied_to", "hours", "interpreter"),
}


def _service_fields(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    for name in _REQUIRED[kind]:
        if not data.get(name):
            errors[name] = _("This is needed for this kind of service.")
    values: dict[str, Any] = {}
    for name in _KEPT[kind]:
        value = data.get(name)
        if name == "hours":
            value = _hours(value)
        elif name == "amount_eur":
            value = _hours(value, "amount_eur")
        elif name in ("nights", "children_nights"):
            try:
                value = int(value or 0)
            except (TypeError, ValueError):
                value = -1
            if value < 0:
                errors[name] = _("Give a number of nights, 0 or more.")
        elif name == "interpreter":
            value = bool(value)
        else:
            value = (value or "").strip() if isinstance(value, str) or value is None else value
        values[name] = value
    if kind == ServiceKind.CONSULTATION and not values["hours"]:
        errors["hours"] = _("Give the duration of the consultation.")
    if kind == ServiceKind.SHELTER:
        if not (values["nights"] or values["children_nights"]):
            errors["nights"] = _("Give the number of nights.")
        if values["accommodation"] == "partner" and not values["partner_name"]:
            errors["partner_name"] = _("Name the partner that provides the accommodation.")
        if values["accommodation"] != "partner":
            values["partner_name"] = ""
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def record_service(actor: Actor, course: Course, data: dict[str, Any], receipt=None) -> ServiceEntry:
    """Record one service of the course; refused (nothing saved) outside the course's days."""
    course = _lock(actor, course)
    require_step(actor, Step.HOLD_COURSE)
    kind = data.get("kind") or ""
    if kind not in ServiceKind.values:
        raise ValidationError({"kind": _("Choose the kind of service.")})
    on = _date(data.get("on"))
    values = _service_fields(kind, data)
    entry = ent.Entry(kind=ent.EntryKind.COURSE_SERVICE, on=on, hours=values.get("hours") or Decimal(0),
                      amount_eur=values.get("amount_eur") or Decimal(0), nights=values.get("nights") or 0,
                      children_nights=values.get("children_nights") or 0)
    check = ent.check_entry(situation_for(course, _today()), entry)
    if not check.ok:
        raise Refused(check, check.field or "on")
    row = ServiceEntry(course=course, kind=kind, on=on, note=(data.get("note") or "").strip(),
                       recorded_by=actor.user, **values)
    if receipt is not None:
        if kind != ServiceKind.GOODS and kind != ServiceKind.DOCUMENTS:
            raise ValidationError({"receipt": _("A receipt belongs to goods, services or documents.")})
        content, content_type = documents.read_upload(receipt, field="receipt")
        row.receipt, row.receipt_content_type = content, content_type
        row.receipt_size, row.receipt_sha256 = len(content), documents.sha256(content)
        name = (getattr(receipt, "name", "") or "").rsplit("/", 1)[-1][:200]
        row.receipt_name = name or f"receipt.{documents.EXTENSIONS[content_type]}"
    row.full_clean()
    row.save()
    record(actor, Action.CREATE, object_type="course_service", object_ref=str(row), purpose=P,
           detail={"kind": kind, "on": on.isoformat(), "receipt": bool(row.receipt_size)})
    return row


# --- after-care ----------------------------------------------------------------------------------


@transaction.atomic
def record_aftercare(actor: Actor, course: Course, data: dict[str, Any]) -> AftercareEntry:
    """Record an after-care consultation, hours of criminal-proceedings support or a family
    member's consultation; the calculator decides whether it fits, nothing is saved if not."""
    course = _lock(actor, course)
    kind = data.get("kind") or ""
    if kind not in AftercareKind.values:
        raise ValidationError({"kind": _("Choose the kind of help.")})
    require_step(actor, Step.FAMILY_CONSULTATIONS if kind == AftercareKind.FAMILY_CONSULTATION else Step.AFTERCARE)
    on = _date(data.get("on"))
    default_hours = ruleset_on(on).aftercare_consultation_hours
    raw_hours = data.get("hours")
    hours = _hours(raw_hours if raw_hours not in (None, "") else default_hours)
    specialist = (data.get("specialist") or "").strip()
    support_kind = (data.get("support_kind") or "").strip()
    member = data.get("family_member")
    if kind == AftercareKind.FAMILY_CONSULTATION:
        if member is None:
            raise ValidationError({"family_member": _("Choose the family member.")})
        if member.client_id != course.client_id:
            raise ValidationError({"family_member": _("Choose a family member of this client.")})
    else:
        member = None
    if kind == AftercareKind.AFTERCARE_CONSULTATION and not specialist:
        raise ValidationError({"specialist": _("Choose the specialist.")})
    interpreter = bool(data.get("interpreter")) and kind == AftercareKind.PROCEEDINGS_SUPPORT
    if kind != AftercareKind.PROCEEDINGS_SUPPORT:
        support_kind = ""
    entry = ent.Entry(kind=ent.EntryKind(kind), on=on, hours=hours, specialist=specialist or None,
                      support_kind=support_kind or None, interpreter=interpreter,
                      family_member=str(member.pk) if member is not None else None)
    check = ent.check_entry(situation_for(course, _today(), eligibility_on=on), entry)
    if not check.ok:
        field = check.field or {
            ent.ReasonCode.INVALID_HOURS: "hours", ent.ReasonCode.SUPPORT_HOURS_EXCEEDED: "hours",
            ent.ReasonCode.SPECIALIST_NOT_ALLOWED: "specialist",
            ent.ReasonCode.KIND_NOT_ALLOWED: "support_kind",
            ent.ReasonCode.KIND_NOT_ALLOWED_WITH_LEGAL_AID: "support_kind",
            ent.ReasonCode.INTERPRETING_ONLY_WITHIN_CONSULTATION: "support_kind",
            ent.ReasonCode.FAMILY_MEMBER_NOT_ELIGIBLE: "family_member",
            ent.ReasonCode.FAMILY_CONSULTATIONS_USED_UP: "family_member"}.get(check.code, "on")
        raise Refused(check, field)
    row = AftercareEntry(course=course, kind=kind, on=on, hours=hours, specialist=specialist,
                         support_kind=support_kind, family_member=member, interpreter=interpreter,
                         note=(data.get("note") or "").strip(), recorded_by=actor.user)
    row.full_clean()
    row.save()
    record(actor, Action.CREATE, object_type="aftercare_entry", object_ref=str(row), purpose=P,
           detail={"kind": kind, "on": on.isoformat(), "hours": str(hours)})
    return row


def _refuse_support_over_aftercare(course: Course, start: datetime.date) -> None:
    """After-care consultations and criminal-proceedings support exclude each other by date: a
    support period may not cover a day with an after-care consultation already recorded."""
    check_rules_date("start", start)  # the one guard for dates outside the rules (ADR 0012)
    rs = ruleset_on(start)
    situation = situation_for(course, _today())
    period = ent.support_period(replace(situation, receives_proceedings_support=True,
                                        proceedings_support_start=start), rs)
    if period is None:
        return
    clash = course.aftercare.filter(kind=AftercareKind.AFTERCARE_CONSULTATION, on__gte=period[0],
                                    on__lte=period[1]).order_by("on").values_list("on", flat=True).first()
    if clash is not None:
        raise ValidationError({"start": _(
            "An after-care consultation is recorded on %(date)s; criminal-proceedings support from this date "
            "would cover it. Give a start after %(date)s."
        ) % {"date": clash.strftime("%d.%m.%Y")}})


@transaction.atomic
def record_proceedings_support(actor: Actor, course: Course, data: dict[str, Any], document=None
                               ) -> ProceedingsSupport:
    """Record (or correct) that the person is a victim or witness in trafficking proceedings:
    the document that proves it, the support's start date and whether state legal aid is given."""
    course = _lock(actor, course)
    require_step(actor, Step.AFTERCARE)
    errors: dict[str, str] = {}
    if (data.get("document_kind") or "") not in ProceedingsDocument.values:
        errors["document_kind"] = _("Choose the document.")
    for name, message in (("document_number", _("Give the document number.")),
                          ("issuing_body", _("Name the issuing body."))):
        if not (data.get(name) or "").strip():
            errors[name] = message
    for name in ("document_date", "start"):
        if not isinstance(data.get(name), datetime.date):
            errors[name] = _("Give the date.")
    if errors:
        raise ValidationError(errors)
    if data["start"] < data["document_date"]:
        raise ValidationError({"start": _("Support starts on or after the date of the document.")})
    support = ProceedingsSupport.objects.filter(course=course).first()
    created = support is None
    support = support or ProceedingsSupport(course=course, recorded_by=actor.user)
    hours_recorded = course.aftercare.filter(kind=AftercareKind.PROCEEDINGS_SUPPORT).exists()
    if not created and hours_recorded and data["start"] != support.start:
        raise ValidationError({"start": _("Support hours are already recorded; the start date cannot change.")})
    _refuse_support_over_aftercare(course, data["start"])
    support.document_kind = data["document_kind"]
    support.document_number = data["document_number"].strip()
    support.document_date = data["document_date"]
    support.issuing_body = data["issuing_body"].strip()
    support.start = data["start"]
    support.legal_aid = bool(data.get("legal_aid"))
    if document is not None:
        content, content_type = documents.read_upload(document, field="document")
        support.document, support.document_content_type = content, content_type
        support.document_size, support.document_sha256 = len(content), documents.sha256(content)
        name = (getattr(document, "name", "") or "").rsplit("/", 1)[-1][:200]
        support.document_name = name or f"document.{documents.EXTENSIONS[content_type]}"
    support.full_clean()
    support.save()
    record(actor, Action.CREATE if created else Action.UPDATE, object_type="proceedings_support",
           object_ref=str(support), purpose=P,
           detail={"start": support.start.isoformat(), "legal_aid": support.legal_aid,
                   "document": bool(support.document_size)})
    return support
