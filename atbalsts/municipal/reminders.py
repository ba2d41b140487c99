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

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from atbalsts.lib.reminders import Reminder, ReminderPage, page_of
from atbalsts.policy.rules import ruleset_on

from . import access
from .models import CaseStatus, InformationRequest, MunicipalCase


def _waiting(r: InformationRequest, today: datetime.date) -> Reminder:
    return Reminder(
        kind="information_request_waiting",
        title=_("Information request %(ref)s to %(org)s awaits an answer") % {"ref": r.reference, "org": r.provider},
        due=r.sent_on, url=reverse("municipal:request", args=[r.pk]), case_number=r.case.reference)


def _follow_up(case: MunicipalCase, today: datetime.date) -> Reminder:
    return Reminder(
        kind="municipal_follow_up_due",
        title=_("Follow-up of %(ref)s is due") % {"ref": case.reference},
        due=case.follow_up_due, url=reverse("municipal:step_new", args=[case.pk]), case_number=case.reference,
        urgent=case.follow_up_due <= today)


def _to_answer(r: InformationRequest, today: datetime.date) -> Reminder:
    return Reminder(
        kind="information_request_to_answer",
        title=_("Answer the information request %(ref)s from %(org)s") % {
            "ref": r.reference, "org": r.case.organisation},
        due=r.sent_on, url=reverse("municipal:incoming_request", args=[r.pk]), case_number=r.client.case_number)


def follow_up_cases(actor) -> QuerySet[MunicipalCase]:
    """The actor's closed cases whose follow-up is still to come: those whose last step is an
    evaluation that closed the case with a follow-up date, read from the date stored on the case
    (``MunicipalCase.follow_up_due``, kept in step by ``services.record_step``) on its index."""
    return access.cases_visible_to(actor).filter(status=CaseStatus.CLOSED, follow_up_due__isnull=False)


# Each kind: its rows, the date it is due on, the field and value that order rows due on the same
# day as the task list does (the case reference or number), how a row becomes a reminder, and
# whether that order is already unique (one row per case reference: nothing more to read).
_Kind = tuple[QuerySet, str, str, Callable, Callable, bool]


def _kinds(actor) -> list[_Kind]:
    kinds: list[_Kind] = []
    if access.is_municipal_worker(actor):
        waiting = (access.requests_sent(actor).filter(answered_on__isnull=True, sent_by=actor.user)
                   .select_related(None).select_related("provider", "case")
                   .only("pk", "sent_on", "provider__name", "provider__short_name", "case__reference"))
        kinds.append((waiting, "sent_on", "case__reference", lambda r: r.case.reference, _waiting, False))
        cases = follow_up_cases(actor).select_related(None).only("pk", "reference", "follow_up_due")
        kinds.append((cases, "follow_up_due", "reference", lambda c: c.reference, _follow_up, True))
    incoming = (access.requests_incoming_qs(actor).filter(answered_on__isnull=True).select_related(None)
                .select_related("case__organisation", "client")
                .only("pk", "sent_on", "case__organisation__name", "case__organisation__short_name",
                      "client__case_number"))
    kinds.append((incoming, "sent_on", "client__case_number", lambda r: r.client.case_number, _to_answer, False))
    return kinds


def _first(qs: QuerySet, due: str, order: str, key: Callable, limit: int | None,
           unique: bool = False) -> tuple[list, bool]:
    """The first ``limit`` rows (all if None) by due date and then case, and whether there may be
    more. Rows of the same case due on the same day as the last one are all read, so that the task
    list's order (which then looks at the titles) decides between them as it always did (none
    can follow when the order is ``unique``)."""
    ordered = qs.order_by(due, order, "pk")
    if limit is None:
        return list(ordered), False
    rows = list(ordered[:limit])
    if len(rows) < limit:
        return rows, False
    if rows and not unique:
        last = rows[-1]
        rows += list(ordered.filter(**{due: getattr(last, due), order: key(last), "pk__gt": last.pk}))
    return rows, True


def counts(qs: QuerySet, due: str, today: datetime.date, most: int) -> tuple[int, int, int, bool]:
    """What ``atbalsts.lib.reminders.bounded_counts`` counts (all, overdue, due today, each up to
    ``most``; capped when one reached it), in one query over the earliest ``most`` rows by due date:
    the overdue come first, so among them are min(overdue, most) and, unless the overdue and those
    due today together pass ``most``, every one due today (else those are counted on their own)."""
    window = qs.order_by(due).values(due)[:most]
    got = window.aggregate(n=Count(due), overdue=Count(due, filter=Q(**{f"{due}__lt": today})),
                           today=Count(due, filter=Q(**{due: today})))
    total, overdue, due_today = got["n"], got["overdue"], got["today"]
    if overdue and overdue + due_today >= most:
        due_today = qs.filter(**{due: today}).values("pk")[:most].count()
    return total, overdue, due_today, max(total, overdue, due_today) >= most


def reminders_page(actor, today: datetime.date, limit: int | None) -> ReminderPage:
    """The earliest ``limit`` reminders (all if None) and how many there are, counted by the
    database (up to the policy's ``task_list_count_max``) when a kind has more than a page."""
    most = ruleset_on(today).task_list_count_max
    out: list[Reminder] = []
    total = overdue = due_today = 0
    capped = False
    for qs, due, order, key, make, unique in _kinds(actor):
        rows, full = _first(qs, due, order, key, limit, unique)
        found = [make(row, today) for row in rows]
        out += found
        if full:
            n, o, d, c = counts(qs, due, today, most)
            total, overdue, due_today, capped = total + n, overdue + o, due_today + d, capped or c
        else:
            total += len(found)
            overdue += sum(r.due < today for r in found)
            due_today += sum(r.due == today for r in found)
    page = page_of(out, today, limit)
    return ReminderPage(items=page.items, total=total, overdue=overdue, due_today=due_today, capped=capped)


def reminders(actor, today: datetime.date) -> list[Reminder]:
    return reminders_page(actor, today, None).items
