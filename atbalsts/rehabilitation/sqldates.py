"""Calendar arithmetic in SQL with the calculator's meaning (``atbalsts.policy.entitlements``), so a
query can order and cut on a course's end, after-care window or support year (issue 14).

:func:`add_days` adds a whole number of days; :func:`add_years` moves a date by whole years as
``entitlements.add_years`` does: 29 February becomes 28 February in a year without it. Each
returns an SQL fragment around another (a column or an expression) for PostgreSQL (the product)
or SQLite (development and tests); the numbers come from the rule set and are written into the
SQL as integers. :func:`as_date` reads such a value back (SQLite gives text).
"""

from __future__ import annotations

import datetime

from django.db import NotSupportedError


def _whole(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"A whole number is needed, not {n!r}.")
    return n


def add_days(vendor: str, sql: str, days: int) -> str:
    days = _whole(days)
    if vendor == "postgresql":
        return f"(({sql}) + {days:d})"
    if vendor == "sqlite":
        return f"date({sql}, '{days:+d} days')"
    raise NotSupportedError(f"Date arithmetic is written for PostgreSQL and SQLite, not {vendor}.")


def add_years(vendor: str, sql: str, years: int) -> str:
    """The fragment for ``sql`` moved by ``years``; a literal % is doubled (the query has parameters)."""
    years = _whole(years)
    if vendor == "postgresql":
        # date + interval clamps 29 February to 28 February, like entitlements.add_years.
        return f"(({sql}) + interval '{years:d} years')::date"
    if vendor == "sqlite":
        # SQLite carries 29 February over into 1 March; step back to 28 February then.
        shifted = f"date({sql}, '{years:+d} years')"
        return (
            f"(CASE WHEN strftime('%%m-%%d', {sql}) = '02-29' AND strftime('%%m-%%d', {shifted}) = '03-01' "
            f"THEN date({shifted}, '-1 day') ELSE {shifted} END)"
        )
    raise NotSupportedError(f"Date arithmetic is written for PostgreSQL and SQLite, not {vendor}.")


def as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])
