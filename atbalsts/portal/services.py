"""The only ways to change anonymous reports.

Submitting and adding are done by an anonymous visitor, so there is no actor: the audit trail
records them as system events naming only the reference. Triage is done by an operator and
audited with the operator as actor, in the same transaction as the change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Organisation
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib.notify import Tell, tell
from atbalsts.policy.notifications import Notice

from .access import may_use_hotline_inbox
from .models import AnonymousReport, ReportAddition, TriageStatus
from .reference import new_reference

REPORT_FIELDS = ("what_happened", "where", "danger_now", "safe_contact", "safe_time", "language")


def submit_report(organisation: Organisation, data: dict[str, Any]) -> AnonymousReport:
    """Store a report for a hotline; returns it committed, with its new reference."""
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                report = AnonymousReport.objects.create(
                    organisation=organisation, reference=new_reference(), **data
                )
                record(
                    None,
                    Action.CREATE,
                    object_type="anonymous_report",
                    object_ref=report.reference,
                    detail={"organisation_id": organisation.pk},
                )
                # The hotline's operators get it on their task list; the title names no report.
                tell(Tell(notice=Notice.ANONYMOUS_REPORT, organisation_id=organisation.pk,
                          due=timezone.localdate(), url=reverse("hotline:report", args=[report.reference]),
                          about=("anonymous_report", report.pk)))
                return report
        except IntegrityError:
            # A reference collision (about one in 10^14): draw another.
            continue
    raise IntegrityError("No free reference code was found.")


@transaction.atomic
def add_to_report(reference: str, text: str) -> ReportAddition | None:
    """Add information to the report with this reference; None if there is no such report."""
    report = AnonymousReport.objects.select_for_update().filter(reference=reference).first()
    if report is None:
        return None
    addition = ReportAddition.objects.create(report=report, text=text)
    record(None, Action.UPDATE, object_type="anonymous_report", object_ref=report.reference,
           detail={"added": "text"})
    return addition


@transaction.atomic
def set_triage_status(actor: Actor, report: AnonymousReport, status: str) -> AnonymousReport:
    if not may_use_hotline_inbox(actor) or report.organisation_id != actor.organisation.pk:
        raise PermissionDenied(_("Only the hotline's operators may triage its reports."))
    if status not in TriageStatus.values:
        raise ValueError(f"Unknown triage status: {status}")
    previous = report.status
    report.status = status
    report.status_changed_at = timezone.now()
    report.save(update_fields=["status", "status_changed_at"])
    record(
        actor,
        Action.UPDATE,
        object_type="anonymous_report",
        object_ref=report.reference,
        purpose=Purpose.CASEWORK,
        detail={"status": [previous, status]},
    )
    return report
