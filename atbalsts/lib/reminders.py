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
