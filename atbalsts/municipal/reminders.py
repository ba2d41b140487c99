"""Reminders from this stage for the task list and the daily digest (see atbalsts.lib.reminders).

- For the municipal worker who sent them: information requests still waiting for the provider's answer, and
  follow-ups (step 5) due after a closed case.
- For the provider's case team: information requests about their clients waiting for an answer.
Titles hold references and case numbers only.
"""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from atbalsts.lib.reminders import Reminder

from . import access
from .models import CaseStatus, CaseStep, Outcome, Step


def reminders(actor, today: datetime.date) -> list[Reminder]:
    out: list[Reminder] = []
    if access.is_municipal_worker(actor):
        waiting = access.requests_sent(actor).filter(answered_on__isnull=True, sent_by=actor.user)
        for r in waiting.order_by("sent_on", "pk"):
            out.append(Reminder(
                kind="information_request_waiting",
                title=_("Information request %(ref)s to %(org)s awaits an answer") % {
                    "ref": r.reference, "org": r.provider},
                due=r.sent_on, url=reverse("municipal:request", args=[r.pk]), case_number=r.case.reference))
        out.extend(_follow_ups(actor, today))
    for r in access.requests_incoming_qs(actor).filter(answered_on__isnull=True).order_by("sent_on", "pk"):
        out.append(Reminder(
            kind="information_request_to_answer",
            title=_("Answer the information request %(ref)s from %(org)s") % {
                "ref": r.reference, "org": r.case.organisation},
            due=r.sent_on, url=reverse("municipal:incoming_request", args=[r.pk]), case_number=r.client.case_number))
    return out


def _follow_ups(actor, today: datetime.date) -> list[Reminder]:
    """Closed cases whose evaluation set a follow-up date and that have no follow-up since."""
    last_pk = CaseStep.objects.filter(case=OuterRef("pk")).order_by("-recorded_at", "-pk").values("pk")[:1]
    cases = (
        access.cases_visible_to(actor).filter(status=CaseStatus.CLOSED)
        .annotate(last_step_pk=Subquery(last_pk))
    )
    steps = CaseStep.objects.filter(
        pk__in=[c.last_step_pk for c in cases], step=Step.EVALUATION, outcome=Outcome.CLOSE,
        follow_up_on__isnull=False,
    ).select_related("case")
    return [
        Reminder(
            kind="municipal_follow_up_due",
            title=_("Follow-up of %(ref)s is due") % {"ref": s.case.reference},
            due=s.follow_up_on, url=reverse("municipal:step_new", args=[s.case_id]), case_number=s.case.reference,
            urgent=s.follow_up_on <= today,
        )
        for s in steps.order_by("follow_up_on")
    ]
