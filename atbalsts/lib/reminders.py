"""What a reminder is, so that each stage of the process can say what needs someone's attention
without the task list knowing that stage's models.

A *source* is a module listed in ``settings.ATBALSTS_REMINDER_SOURCES`` with a function
``reminders(actor, today) -> list[Reminder]`` that returns only what that actor may see (the
same scoping as the stage's access functions). The tasks app collects them for the task page
and the daily digest.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: str  # a stable code, e.g. "siva_decision_due", "course_ending"
    title: str  # already translated for the actor's language; holds no personal data
    due: datetime.date  # the date it is about (deadline, course end, window end, ...)
    url: str  # the page where it is dealt with
    case_number: str = ""  # the pseudonymous reference, never a name
    urgent: bool = False  # due today, overdue or within the last warning threshold


@dataclass(frozen=True)
class ReminderPage:
    """The most urgent reminders of a source (at most the limit asked for, the earliest due first)
    and how many there are in all: overdue, due today and in total.

    A source whose reminders grow with the caseload defines ``reminders_page(actor, today, limit)``
    returning this, counted in the database; for the others :func:`page_of` pages their list."""

    items: list[Reminder]
    total: int
    overdue: int
    due_today: int
    capped: bool = False  # a count stopped at the policy's most (``task_list_count_max``)


def bounded_counts(rows, field: str, today: datetime.date, most: int) -> tuple[int, int, int, bool]:
    """How many of the queryset ``rows`` there are in all, overdue (``field`` before today) and due
    today, each counted by the database up to ``most`` (``capped`` when one of them reached it)."""
    counts = (rows.values("pk")[:most].count(), rows.filter(**{f"{field}__lt": today}).values("pk")[:most].count(),
              rows.filter(**{field: today}).values("pk")[:most].count())
    return (*counts, max(counts) >= most)


def page_of(reminders: list[Reminder], today: datetime.date, limit: int | None) -> ReminderPage:
    # The task list's order: the earliest due first, the urgent first on the same day.
    ordered = sorted(reminders, key=lambda r: (r.due, not (r.urgent or r.due <= today), r.kind, r.case_number,
                                               r.title))
    return ReminderPage(items=ordered if limit is None else ordered[:limit], total=len(ordered),
                        overdue=sum(r.due < today for r in ordered), due_today=sum(r.due == today for r in ordered))
