"""Reminders from this stage for the task list and the daily digest (see atbalsts.lib.reminders).

- For the municipal worker who sent them: information requests still waiting for the provider's answer, and
  follow-ups (step 5) due after a closed case.
- For the provider's case team: information requests about their clients waiting for an answer.
Titles hold references and case numbers only.

Each kind is one query, ordered and cut in the database (the earliest first) and counted there
only when the page is full, so that a worker with thousands of cases reads a page, not every case
(issue 14). Nothing of the person is read or decrypted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from atbalsts.lib.reminders import Reminder, ReminderPage, bounded_counts, page_of
from atbalsts.policy.rules import ruleset_on

from . import access
from .models import CaseStatus, CaseStep, InformationRequest, Outcome, Step


def _waiting(r: InformationRequest, today: datetime.date) -> Reminder:
    return Reminder(
        kind="information_request_waiting",
        title=_("Information request %(ref)s to %(org)s awaits an answer") % {"ref": r.reference, "org": r.provider},
        due=r.sent_on, url=reverse("municipal:request", args=[r.pk]), case_number=r.case.reference)


def _follow_up(s: CaseStep, today: datetime.date) -> Reminder:
    return Reminder(
        kind="municipal_follow_up_due",
        title=_("Follow-up of %(ref)s is due") % {"ref": s.case.reference},
        due=s.follow_up_on, url=reverse("municipal:step_new", args=[s.case_id]), case_number=s.case.reference,
        urgent=s.follow_up_on <= today)


def _to_answer(r: InformationRequest, today: datetime.date) -> Reminder:
    return Reminder(
        kind="information_request_to_answer",
        title=_("Answer the information request %(ref)s from %(org)s") % {
            "ref": r.reference, "org": r.case.organisation},
        due=r.sent_on, url=reverse("municipal:incoming_request", args=[r.pk]), case_number=r.client.case_number)


def follow_up_steps(actor) -> QuerySet[CaseStep]:
    """The last step of each of the actor's closed cases, where it is an evaluation that closed the
    case with a follow-up date: the cases whose follow-up is still to come. "Last" is by the time
    recorded, then the number (as the case page orders its steps)."""
    later = CaseStep.objects.filter(case=OuterRef("case_id")).filter(
        Q(recorded_at__gt=OuterRef("recorded_at")) | Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk")))
    closed = access.cases_visible_to(actor).filter(status=CaseStatus.CLOSED).select_related(None).values("pk")
    return CaseStep.objects.filter(case__in=closed, step=Step.EVALUATION, outcome=Outcome.CLOSE,
                                   follow_up_on__isnull=False).filter(~Exists(later))


# Each kind: its rows, the date it is due on, the field and value that order rows due on the same
# day as the task list does (the case reference or number), and how a row becomes a reminder.
_Kind = tuple[QuerySet, str, str, Callable, Callable]


def _kinds(actor) -> list[_Kind]:
    kinds: list[_Kind] = []
    if access.is_municipal_worker(actor):
        waiting = (access.requests_sent(actor).filter(answered_on__isnull=True, sent_by=actor.user)
                   .select_related(None).select_related("provider", "case")
                   .only("pk", "sent_on", "provider__name", "provider__short_name", "case__reference"))
        kinds.append((waiting, "sent_on", "case__reference", lambda r: r.case.reference, _waiting))
        steps = follow_up_steps(actor).select_related("case").only("pk", "case_id", "follow_up_on", "case__reference")
        kinds.append((steps, "follow_up_on", "case__reference", lambda s: s.case.reference, _follow_up))
    incoming = (access.requests_incoming_qs(actor).filter(answered_on__isnull=True).select_related(None)
                .select_related("case__organisation", "client")
                .only("pk", "sent_on", "case__organisation__name", "case__organisation__short_name",
                      "client__case_number"))
    kinds.append((incoming, "sent_on", "client__case_number", lambda r: r.client.case_number, _to_answer))
    return kinds


def _first(qs: QuerySet, due: str, order: str, key: Callable, limit: int | None) -> tuple[list, bool]:
    """The first ``limit`` rows (all if None) by due date and then case, and whether there may be
    more. Rows of the same case due on the same day as the last one are all read, so that the task
    list's order (which then looks at the titles) decides between them as it always did."""
    ordered = qs.order_by(due, order, "pk")
    if limit is None:
        return list(ordered), False
    rows = list(ordered[:limit])
    if len(rows) < limit:
        return rows, False
    if rows:
        last = rows[-1]
        rows += list(ordered.filter(**{due: getattr(last, due), order: key(last), "pk__gt": last.pk}))
    return rows, True


def reminders_page(actor, today: datetime.date, limit: int | None) -> ReminderPage:
    """The earliest ``limit`` reminders (all if None) and how many there are, counted by the
    database (up to the policy's ``task_list_count_max``) when a kind has more than a page."""
    most = ruleset_on(today).task_list_count_max
    out: list[Reminder] = []
    total = overdue = due_today = 0
    capped = False
    for qs, due, order, key, make in _kinds(actor):
        rows, full = _first(qs, due, order, key, limit)
        found = [make(row, today) for row in rows]
        out += found
        if full:
            n, o, d, c = bounded_counts(qs, due, today, most)
            total, overdue, due_today, capped = total + n, overdue + o, due_today + d, capped or c
        else:
            total += len(found)
            overdue += sum(r.due < today for r in found)
            due_today += sum(r.due == today for r in found)
    page = page_of(out, today, limit)
    return ReminderPage(items=page.items, total=total, overdue=overdue, due_today=due_today, capped=capped)


def reminders(actor, today: datetime.date) -> list[Reminder]:
    return reminders_page(actor, today, None).items
