"""Latvia's working-day calendar, pure.

The base data come from the ``holidays`` package (country "LV"):

* public holidays (``country_holidays("LV")``);
* substituted days off when 4 May or 18 November falls on a weekend (the next Monday is a day
  off; ``holidays`` adds them as "observed" holidays, since 2007);
* days off moved by a Cabinet order ("Par darba dienu pārcelšanu ...", e.g. Friday 2025-05-02),
  which ``holidays`` adds as holidays, and the Saturdays that become working days in exchange
  (e.g. 2025-05-10), which ``holidays`` keeps in ``HolidayBase.weekend_workdays``.

On top of that come **overrides** (from the admin-editable ``CalendarOverride`` table, loaded by
:func:`atbalsts.policy.selectors.current_calendar`): a date mapped to ``True`` is a working day,
to ``False`` a day off, whatever the base data say. The government fixes transfers year by year,
so a transfer that is not yet in the installed ``holidays`` version goes in as two overrides.

Precedence: override > holiday (incl. observed and transferred days off) > transferred working
Saturday > weekend > ordinary weekday.

This module imports nothing from Django.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from types import MappingProxyType

import holidays

__all__ = ["WorkingCalendar", "holiday_name", "holidays_in_year", "workdays_in_year"]

_COUNTRY = "LV"
_NO_OVERRIDES: Mapping[date, bool] = MappingProxyType({})
_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=128)
def _year_data(year: int, language: str) -> tuple[Mapping[date, str], frozenset[date]]:
    # Load the neighbouring years too: a transfer ordered in one year can move a working day to a
    # Saturday of the next (holidays records it while populating the ordering year).
    h = holidays.country_holidays(_COUNTRY, years=range(year - 1, year + 2), language=language)
    names = MappingProxyType({d: name for d, name in sorted(h.items()) if d.year == year})
    workdays = frozenset(d for d in h.weekend_workdays if d.year == year)
    return names, workdays


def _language(language: str) -> str:
    return "lv" if language.lower().startswith("lv") else "en_US"


def holidays_in_year(year: int, language: str = "lv") -> Mapping[date, str]:
    """Public holidays and days off of ``year`` from the ``holidays`` package, with their names."""
    return _year_data(year, _language(language))[0]


def holiday_name(d: date, language: str = "lv") -> str | None:
    """The name of the holiday or day off on ``d`` in the base data (``None`` if none)."""
    return holidays_in_year(d.year, language).get(d)


def workdays_in_year(year: int) -> frozenset[date]:
    """Weekend days of ``year`` made working days by a transfer (from the ``holidays`` package)."""
    return _year_data(year, "lv")[1]


class WorkingCalendar:
    """Working days in Latvia, with overrides that win over the base data.

    ``overrides`` maps a date to ``True`` (a working day) or ``False`` (a day off).
    """

    __slots__ = ("_overrides",)

    def __init__(self, overrides: Mapping[date, bool] = _NO_OVERRIDES) -> None:
        self._overrides: Mapping[date, bool] = MappingProxyType(dict(overrides))

    @property
    def overrides(self) -> Mapping[date, bool]:
        return self._overrides

    def __repr__(self) -> str:
        return f"WorkingCalendar(overrides={dict(self._overrides)!r})"

    # --- single days -------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        override = self._overrides.get(d)
        if override is not None:
            return override
        if d in holidays_in_year(d.year):
            return False
        if d.weekday() >= 5:
            return d in workdays_in_year(d.year)
        return True

    def reason(self, d: date, language: str = "lv") -> str | None:
        """Why ``d`` is a day off: the holiday's name, or ``None`` for an override or a weekend."""
        if self._overrides.get(d) is not None:
            return None
        return holiday_name(d, language)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        d += _DAY
        while not self.is_working_day(d):
            d += _DAY
        return d

    # --- counting ----------------------------------------------------------------------------

    def add_working_days(self, d: date, n: int) -> date:
        """The deadline "within ``n`` working days of ``d``": the n-th working day after ``d``.

        ``d`` itself is not counted, whether or not it is a working day. ``n == 0`` returns ``d``
        unchanged. Negative ``n`` is refused with ``ValueError``.
        """
        if n < 0:
            raise ValueError("The number of working days must not be negative.")
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days after ``start`` up to and including ``end``.

        Used for "working days left until a deadline" (``start`` = today, ``end`` = deadline):
        0 when ``end == start`` or when no working day lies in between; when ``end`` is before
        ``start`` the result is negative: minus the number of working days after ``end`` up to
        and including ``start`` (so it is antisymmetric and
        ``working_days_between(d, add_working_days(d, n)) == n``).
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start + _DAY
        while d <= end:
            count += self.is_working_day(d)
            d += _DAY
        return count

    def days(self, start: date, end: date) -> Iterator[date]:
        """Every date from ``start`` to ``end``, both included."""
        d = start
        while d <= end:
            yield d
            d += _DAY

    def non_working_days(self, start: date, end: date) -> list[date]:
        """The days off from ``start`` to ``end``, both included (weekends included)."""
        return [d for d in self.days(start, end) if not self.is_working_day(d)]
