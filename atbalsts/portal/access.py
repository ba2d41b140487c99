"""The only way to read anonymous reports: hotline operators of the receiving hotline, with a
second factor. Everybody else gets a 404, and every read is written to the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import OrganisationKind, Role
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .models import AnonymousReport, TriageStatus
from .reference import normalise_reference


def may_use_hotline_inbox(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.organisation is not None
        and actor.organisation.kind == OrganisationKind.HOTLINE
        and actor.has_role(Role.HOTLINE_OPERATOR)
        and actor.mfa_verified
    )


def reports_visible_to(actor: Actor | None) -> QuerySet[AnonymousReport]:
    if not may_use_hotline_inbox(actor):
        return AnonymousReport.objects.none()
    return AnonymousReport.objects.filter(organisation=actor.organisation)


def inbox(actor: Actor | None, status: str | None = None) -> list[AnonymousReport]:
    """The hotline's reports, newest first; 404 for anyone who is not its operator."""
    if not may_use_hotline_inbox(actor):
        if actor is not None:
            record(actor, Action.DENIED, object_type="anonymous_report", purpose=Purpose.CASEWORK)
        raise Http404
    reports = reports_visible_to(actor)
    if status:
        reports = reports.filter(status=status)
    # The list shows no free text (only reference, time, danger, status), so it is not a read
    # of report content; the listing itself is recorded.
    reports = list(reports.defer("what_happened", "where", "safe_contact", "safe_time"))
    if reports:
        record(
            actor,
            Action.LIST,
            object_type="anonymous_report",
            purpose=Purpose.CASEWORK,
            detail={"references": [r.reference for r in reports[:200]]},
        )
    return reports


def get_report(actor: Actor | None, reference: str, purpose: str = Purpose.CASEWORK) -> AnonymousReport:
    reference = normalise_reference(reference)[:10]
    report = reports_visible_to(actor).filter(reference=reference).first()
    if report is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="anonymous_report", object_ref=reference, purpose=purpose)
        raise Http404
    record(actor, Action.READ, object_type="anonymous_report", object_ref=report.reference, purpose=purpose)
    return report


def reports_to_follow_up(actor: Actor | None, limit: int = 10) -> tuple[list[AnonymousReport], int]:
    """For the start page: the hotline's reports still new or in progress, the oldest first (they
    have waited longest), without their free text, and how many in all. 404 for anyone who is not
    its operator; the references shown are recorded."""
    if not may_use_hotline_inbox(actor):
        raise Http404
    qs = reports_visible_to(actor).filter(status__in=(TriageStatus.NEW, TriageStatus.IN_PROGRESS))
    reports = list(qs.defer("what_happened", "where", "safe_contact", "safe_time")
                   .order_by("received_at", "pk")[:limit])
    if reports:
        record(actor, Action.LIST, object_type="anonymous_report", purpose=Purpose.CASEWORK,
               detail={"references": [r.reference for r in reports], "start_page": True})
    return reports, qs.count()
