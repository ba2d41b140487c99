"""Reminders from this stage for the task list and the daily digest (see atbalsts.lib.reminders).

- A SIVA officer: applications awaiting a decision whose deadline falls within the policy's
  decision period from today (``siva_decision_working_days``), so today's, overdue and the
  next working days' decisions. Urgent: due today or overdue.
- The provider's case team: their cases' applications still waiting for SIVA's decision.
  Urgent: SIVA's deadline has passed.

Titles carry the application reference (case number and application number), never a name.
Nothing here is recorded in the audit trail: the task list records what it shows.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from atbalsts.identification.access import cases_visible_to
from atbalsts.lib.reminders import Reminder
from atbalsts.policy.rules import ruleset_on
from atbalsts.policy.selectors import current_calendar

from .access import applications_for_siva, is_siva
from .models import Application, ApplicationStatus


def _siva_reminders(actor, today: datetime.date) -> list[Reminder]:
    horizon = current_calendar().add_working_days(today, ruleset_on(today).siva_decision_working_days)
    pending = applications_for_siva(actor).filter(status=ApplicationStatus.RECEIVED, deadline__lte=horizon)
    return [
        Reminder(
            kind="siva_decision_due",
            title=_("Decide on application %(ref)s") % {"ref": app.reference},
            due=app.deadline,
            url=reverse("decisions:application", args=[app.pk]),
            case_number=app.case.client.case_number,
            urgent=app.deadline <= today,
        )
        for app in pending.order_by("deadline", "pk")
    ]


def _provider_reminders(actor, today: datetime.date) -> list[Reminder]:
    waiting = (
        Application.objects.filter(case__in=cases_visible_to(actor), status=ApplicationStatus.RECEIVED)
        .select_related("case__client")
        # The case number is all a reminder shows: nothing else of the client is decrypted.
        .only("pk", "deadline", "case_id", "case__client_id", "case__client__case_number")
        .order_by("deadline", "pk")
    )
    return [
        Reminder(
            kind="siva_application_waiting",
            title=_("Application %(ref)s is waiting for SIVA's decision") % {"ref": app.reference},
            due=app.deadline,
            url=reverse("identification:case", args=[app.case_id]),
            case_number=app.case.client.case_number,
            urgent=app.deadline < today,
        )
        for app in waiting
    ]


def reminders(actor, today: datetime.date) -> list[Reminder]:
    if actor is None or actor.organisation is None:
        return []
    if is_siva(actor):
        return _siva_reminders(actor, today)
    if actor.may_open_personal_data:
        return _provider_reminders(actor, today)
    return []
