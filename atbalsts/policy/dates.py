"""Which dates of the process the rules can judge: the one guard for "no rule set for this date".

Every date of an event that is later looked up with ``ruleset_on`` (a commission's meeting, the
receipt of an application, a course start, a service entry, a plan review, a municipal step)
must lie between the first rule set's start and a horizon in the future. Before the first rule
set no rules are known; a date years ahead is a typing error (2062 for 2026) that would later
break date arithmetic. The Django side (``validators.py``) turns a problem into a form or API
error; pages showing an already stored bad date use :func:`ruleset_for_display`.

This module is pure: no Django, no database.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from .rules import RULESETS, RuleSet, RuleSetNotFound, ruleset_on

# How far ahead an event may be dated (a planned meeting, a service start, the next review).
# Not law: an unverified default, long enough for any planning the process does.
FUTURE_HORIZON_DAYS = 730


class DateProblem(NamedTuple):
    reason: str  # "before_rules" or "too_far_ahead"
    message_lv: str
    message_en: str


def _fmt(d: datetime.date) -> str:
    return d.strftime("%d.%m.%Y")


def first_rules_date(rulesets: tuple[RuleSet, ...] = RULESETS) -> datetime.date:
    return min(rs.effective_from for rs in rulesets)


def last_acceptable_date(today: datetime.date, rulesets: tuple[RuleSet, ...] = RULESETS) -> datetime.date:
    horizon = today + datetime.timedelta(days=FUTURE_HORIZON_DAYS)
    ends = [rs.effective_until for rs in rulesets]
    if None in ends:
        return horizon
    return min(horizon, max(e for e in ends if e is not None))


def rules_date_problem(
    d: datetime.date, today: datetime.date, rulesets: tuple[RuleSet, ...] = RULESETS
) -> DateProblem | None:
    """Why the rules cannot judge an event on ``d`` (None: they can)."""
    first = first_rules_date(rulesets)
    if d < first:
        return DateProblem(
            "before_rules",
            f"Datums {_fmt(d)} ir pirms {_fmt(first)}, no kura ir zināmi procesa noteikumi. "
            f"Norādiet datumu, sākot ar {_fmt(first)}.",
            f"The date {_fmt(d)} is before {_fmt(first)}, when the rules of the process start. "
            f"Give a date on or after {_fmt(first)}.",
        )
    last = last_acceptable_date(today, rulesets)
    if d > last:
        return DateProblem(
            "too_far_ahead",
            f"Datums {_fmt(d)} ir pārāk tālu nākotnē. Norādiet datumu līdz {_fmt(last)}.",
            f"The date {_fmt(d)} is too far in the future. Give a date on or before {_fmt(last)}.",
        )
    try:
        ruleset_on(d, rulesets)
    except RuleSetNotFound:
        return DateProblem("before_rules", f"Datumam {_fmt(d)} nav spēkā esošu noteikumu.",
                           f"No rules are in force on {_fmt(d)}.")
    return None


def ruleset_for_display(d: datetime.date, rulesets: tuple[RuleSet, ...] = RULESETS) -> RuleSet:
    """The rule set of ``d``, or the nearest one for a stored date outside every rule set.

    For showing pages only: a date that slipped in before the guard existed must not break the
    page that lets somebody correct it. Decisions use ``ruleset_on`` behind the guard.
    """
    try:
        return ruleset_on(d, rulesets)
    except RuleSetNotFound:
        ordered = sorted(rulesets, key=lambda rs: rs.effective_from)
        return ordered[0] if d < ordered[0].effective_from else ordered[-1]
