"""Reminders from this stage for the task list and the daily digest (see atbalsts.lib.reminders)."""

from __future__ import annotations

import datetime

from atbalsts.lib.reminders import Reminder


def reminders(actor, today: datetime.date) -> list[Reminder]:
    return []
