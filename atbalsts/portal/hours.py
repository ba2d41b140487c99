"""Is a service open at a given moment? Pure: no database, no clock, no Django.

The caller passes the schedule, the moment and a function that tells whether a date is a
Latvian public holiday (or another day off), so every case can be tested with fixed datetimes.
Times in a schedule are Latvian wall-clock times (Europe/Riga); ``now`` may be in any zone.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

RIGA = ZoneInfo("Europe/Riga")
MIDNIGHT = time(0, 0)


@dataclass(frozen=True)
class Opening:
    """Open on ``weekday`` (0 = Monday) from ``opens`` until ``closes``.

    ``closes`` at 00:00 means midnight at the end of the day; a ``closes`` earlier than
    ``opens`` means the service stays open past midnight into the next day.
    """

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class Schedule:
    openings: tuple[Opening, ...] = ()
    is_24_7: bool = False
    closed_on_public_holidays: bool = True
    # False when the sources give no hours for public holidays: on one, nothing is claimed.
    holiday_hours_published: bool = True

    @property
    def is_known(self) -> bool:
        return self.is_24_7 or bool(self.openings)


class OpenState(enum.Enum):
    ALWAYS = "always"
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"
    # A public holiday, and the sources give no hours for public holidays.
    HOLIDAY_NOT_PUBLISHED = "holiday_not_published"


def _interval(day: date, opening: Opening) -> tuple[datetime, datetime]:
    start = datetime.combine(day, opening.opens)
    end_day = day if MIDNIGHT < opening.closes and opening.closes > opening.opens else day + timedelta(days=1)
    end = datetime.combine(end_day, opening.closes)
    return start, end


def is_open(schedule: Schedule, now: datetime, is_holiday: Callable[[date], bool]) -> bool:
    """Whether the service is open at ``now`` (an aware datetime)."""
    if schedule.is_24_7:
        return True
    if now.tzinfo is None:
        raise ValueError("`now` must be timezone-aware.")
    local = now.astimezone(RIGA).replace(tzinfo=None)
    # An opening that started yesterday may still run past midnight, so look at both days.
    for day in (local.date() - timedelta(days=1), local.date()):
        if schedule.holiday_hours_published and schedule.closed_on_public_holidays and is_holiday(day):
            continue
        for opening in schedule.openings:
            if opening.weekday != day.weekday():
                continue
            start, end = _interval(day, opening)
            if start <= local < end:
                return True
    return False


def open_state(schedule: Schedule, now: datetime, is_holiday: Callable[[date], bool]) -> OpenState:
    """The label a visitor sees: open 24/7, open now, closed now, or nothing known."""
    if schedule.is_24_7:
        return OpenState.ALWAYS
    if not schedule.openings:
        return OpenState.UNKNOWN
    if not schedule.holiday_hours_published:
        if now.tzinfo is None:
            raise ValueError("`now` must be timezone-aware.")
        if is_holiday(now.astimezone(RIGA).date()):
            return OpenState.HOLIDAY_NOT_PUBLISHED
    return OpenState.OPEN if is_open(schedule, now, is_holiday) else OpenState.CLOSED
