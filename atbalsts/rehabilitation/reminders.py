"""Reminders from this stage for the task list and the daily digest (see atbalsts.lib.reminders).

Only the actor's case teams (the same scoping as ``access.courses_visible_to``); titles carry the
case number, never a name. The thresholds are policy data (``RuleSet.course_warning_days``,
``aftercare_reminder_days``, ``support_year_reminder_days``).

Three kinds, each one query that the database orders by the reminder's day and cuts at the page
(issue 14): the course ends (``course_ending``), the after-care window closes with consultations
left (``aftercare_window_closing``), a support year of criminal-proceedings support ends with hours
left (``support_year_ending``). The conditions are the calculator's (``ledger.course_status``,
``ledger.summary_for``) written as SQL over the course's plain dates, with the rule set in force
today: the course's last day is ``min(closed on, start + course_max_days - 1)``; the after-care
window ends ``aftercare_window_years`` after it; the support starts on its recorded start or the
day after the course's last day, whichever is later, and its years end the day before each
anniversary (29 February to 28 February: ``sqldates.AddYears``). Consultations and hours are
counted by the database. Nothing encrypted is read: the case number, dates and sums only.
``candidates`` narrows each kind on indexed plain dates first, so the work follows the courses near
such a day, never every course the team ever had.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atbalsts.lib.reminders import Reminder, ReminderPage
from atbalsts.people.models import Client
from atbalsts.policy.entitlements import EntryKind, add_years
from atbalsts.policy.rules import RuleSet, ruleset_on

from . import sqldates
from .access import courses_visible_to
from .models import AftercareEntry, Course, ProceedingsSupport
from .sqldates import as_date

_DAY = datetime.timedelta(days=1)


Sql = tuple[str, list]  # an SQL fragment and its parameters


def _between(column: str, lo: datetime.date, hi: datetime.date) -> Sql:
    return f"({column} >= %s AND {column} <= %s)", [lo, hi]


def _any(*parts: Sql) -> Sql:
    return "(" + " OR ".join(sql for sql, _ in parts) + ")", [p for _, params in parts for p in params]


def _ends_between(lo: datetime.date, hi: datetime.date, length: int) -> Sql:
    """Courses whose last day (``min(actual_end, start + length - 1)``, see ``entitlements.Course.end``)
    may fall within ``lo``..``hi``: a superset, the exact conditions follow."""
    shift = datetime.timedelta(days=length - 1)
    return _any(_between("c.start", lo - shift, hi - shift), _between("c.actual_end", lo, hi))


def _near_end(today: datetime.date, rs: RuleSet) -> Sql:
    """Running and ending within the warning horizon."""
    length = rs.course_max_days
    return _between(
        "c.start",
        today - datetime.timedelta(days=length - 1),
        today + datetime.timedelta(days=max(rs.course_warning_days) - length + 1),
    )


_SLACK = datetime.timedelta(days=3)  # for 29 February


def _near_window_end(today: datetime.date, rs: RuleSet) -> Sql:
    """The after-care window's last day (the course's last day plus the window's years) near."""
    return _ends_between(
        add_years(today, -rs.aftercare_window_years) - _SLACK,
        add_years(today + datetime.timedelta(days=rs.aftercare_reminder_days), -rs.aftercare_window_years) + _SLACK,
        rs.course_max_days,
    )


def _near_support_year_end(today: datetime.date, rs: RuleSet) -> Sql:
    """A support year's last day near: year n of a support that starts on S ends the day before
    S + n years, and S is the recorded start or the day after the course's last day, whichever is later."""
    parts = []
    for n in range(1, rs.proceedings_support_years + 1):
        lo = add_years(today + _DAY, -n) - _SLACK
        hi = add_years(today + datetime.timedelta(days=rs.support_year_reminder_days) + _DAY, -n) + _SLACK
        parts += [_between("ps.start", lo, hi), _ends_between(lo - _DAY, hi - _DAY, rs.course_max_days)]
    sql, params = _any(*parts)
    return f"(ps.id IS NOT NULL AND {sql})", params


def _first_on_or_after(
    shift: Callable[[datetime.date], datetime.date], target: datetime.date, guess: datetime.date
) -> datetime.date:
    """The first day d with ``shift(d) >= target``, for a ``shift`` that never goes back (add_years)."""
    d = guess - 4 * _DAY
    while shift(d) >= target:
        d -= 4 * _DAY
    while shift(d) < target:
        d += _DAY
    return d


def _support_start_ranges(today: datetime.date, rs: RuleSet) -> list[tuple[int, datetime.date, datetime.date]]:
    """For each support year n: the support starts P for which today falls in year n and year n
    ends within ``support_year_reminder_days`` (``add_years(P, n - 1) <= today <= add_years(P, n) - 1
    <= today + days``), as (n, first P, last P); exact, 29 February included."""
    out = []
    for n in range(1, rs.proceedings_support_years + 1):

        def years(k: int) -> Callable[[datetime.date], datetime.date]:
            return lambda d: add_years(d, k)

        first = _first_on_or_after(years(n), today + _DAY, add_years(today + _DAY, -n))
        last_started = _first_on_or_after(years(n - 1), today + _DAY, add_years(today + _DAY, 1 - n)) - _DAY
        remind_from = today + datetime.timedelta(days=rs.support_year_reminder_days + 2)
        last_ending = _first_on_or_after(years(n), remind_from, add_years(remind_from, -n)) - _DAY
        last = min(last_started, last_ending)
        if first <= last:
            out.append((n, first, last))
    return out


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _scope(actor) -> Sql:
    """The actor's courses (``access.courses_visible_to``) as a subquery of their ids."""
    sql, params = courses_visible_to(actor).order_by().values("pk").query.sql_with_params()
    return sql, list(params)


def _courses(scope: Sql, organisation_id: int, rs: RuleSet, near: Sql) -> Sql:
    """The actor's courses near a reminder day (a derived table): the case number, the course's
    dates, its latest and actual last day (``latest``, ``last_day``), whether it was closed early,
    the support's recorded start and the start as it applies (``support_from``,
    ``entitlements.support_period``: never before the day after the course's last day).

    ``near`` is a condition on the plain dates the indexes ``course_org_start`` and
    ``course_org_closed`` find (the organisation is the scope's, repeated for them)."""
    vendor = connection.vendor
    course, client, support = Course._meta.db_table, Client._meta.db_table, ProceedingsSupport._meta.db_table
    latest = sqldates.add_days(vendor, "c.start", rs.course_max_days - 1)
    base = (
        f"SELECT c.id AS id, c.start AS start, c.actual_end AS actual_end, c.closure_reason AS reason, "  # noqa: S608 — SQL from code
        f"cl.case_number AS case_number, ps.id AS support_id, ps.start AS support_start, {latest} AS latest, "
        f"CASE WHEN c.actual_end IS NOT NULL AND c.actual_end < {latest} THEN 1 ELSE 0 END AS closed_early "
        f"FROM {_q(course)} c INNER JOIN {_q(client)} cl ON cl.id = c.client_id "
        f"LEFT OUTER JOIN {_q(support)} ps ON ps.course_id = c.id "
        f"WHERE c.organisation_id = %s AND {near[0]} AND c.id IN ({scope[0]})"
    )
    ended = f"SELECT b.*, CASE WHEN b.closed_early = 1 THEN b.actual_end ELSE b.latest END AS last_day FROM ({base}) b"  # noqa: S608 — SQL from code
    applied = (
        f"SELECT e.*, CASE WHEN e.support_start > e.last_day THEN e.support_start "  # noqa: S608 — SQL from code
        f"ELSE {sqldates.add_days(vendor, 'e.last_day', 1)} END AS support_from FROM ({ended}) e"
    )
    return applied, [organisation_id, *near[1], *scope[1]]


def _phase3_open(rs: RuleSet) -> tuple[str, list]:
    """``entitlements.phase3_opens``: not closed, closed without a reason, or for an opening reason."""
    reasons = list(rs.aftercare_opening_closures) or [""]
    return (f"(t.actual_end IS NULL OR t.reason = '' OR t.reason IN ({', '.join(['%s'] * len(reasons))}))", reasons)


def _after_the_course(today: datetime.date) -> tuple[str, list]:
    """``course_status`` is "ended" or "closed_early"."""
    return "t.start <= %s AND (t.closed_early = 1 OR t.latest < %s)", [today, today]


def _ending(scope: Sql, organisation_id: int, today: datetime.date, rs: RuleSet) -> Sql:
    courses, params = _courses(scope, organisation_id, rs, _near_end(today, rs))
    horizon = today + datetime.timedelta(days=max(rs.course_warning_days))
    return (
        f"SELECT t.latest AS due, t.case_number, t.id FROM ({courses}) t "  # noqa: S608 — SQL from code
        "WHERE (t.actual_end IS NULL OR t.actual_end >= t.latest) AND t.start <= %s "
        "AND t.latest >= %s AND t.latest <= %s",
        [*params, today, today, horizon],
    )


def _aftercare(scope: Sql, organisation_id: int, today: datetime.date, rs: RuleSet) -> Sql:
    vendor = connection.vendor
    courses, params = _courses(scope, organisation_id, rs, _near_window_end(today, rs))
    after, after_params = _after_the_course(today)
    phase3, phase3_params = _phase3_open(rs)
    support_end = sqldates.add_days(
        vendor, sqldates.add_years(vendor, "t.support_from", rs.proceedings_support_years), -1
    )
    used = (
        f"(SELECT COUNT(*) FROM {_q(AftercareEntry._meta.db_table)} a "  # noqa: S608 — SQL from code
        "WHERE a.course_id = t.id AND a.kind = %s)"
    )
    due = sqldates.add_years(vendor, "t.last_day", rs.aftercare_window_years)
    sql = (
        f"SELECT u.due, u.case_number, u.id, u.used FROM (SELECT {due} AS due, t.case_number, t.id, "  # noqa: S608 — SQL from code
        f"{used} AS used FROM ({courses}) t WHERE {after} AND {phase3} "
        f"AND NOT (t.support_id IS NOT NULL AND t.support_from <= %s AND {support_end} >= %s) "
        f"AND {due} >= %s AND {due} <= %s) u WHERE u.used < %s"
    )
    return sql, [
        EntryKind.AFTERCARE_CONSULTATION.value,
        *params,
        *after_params,
        *phase3_params,
        today,
        today,
        today,
        today + datetime.timedelta(days=rs.aftercare_reminder_days),
        rs.aftercare_consultations,
    ]


def _support(scope: Sql, organisation_id: int, today: datetime.date, rs: RuleSet) -> Sql:
    vendor = connection.vendor
    ranges = _support_start_ranges(today, rs)
    if not ranges:
        return "SELECT NULL AS due, NULL AS case_number, NULL AS id WHERE 1 = 0", []
    courses, params = _courses(scope, organisation_id, rs, _near_support_year_end(today, rs))
    after, after_params = _after_the_course(today)
    phase3, phase3_params = _phase3_open(rs)

    def by_year(value) -> tuple[str, list]:
        whens = " ".join(f"WHEN t.support_from >= %s AND t.support_from <= %s THEN {value(n)}" for n, _, _ in ranges)
        return f"CASE {whens} ELSE NULL END", [d for _, lo, hi in ranges for d in (lo, hi)]

    year, year_params = by_year(lambda n: f"{n:d}")
    first, first_params = by_year(lambda n: sqldates.add_years(vendor, "t.support_from", n - 1))
    last, last_params = by_year(
        lambda n: sqldates.add_days(vendor, sqldates.add_years(vendor, "t.support_from", n), -1)
    )
    entry = _q(AftercareEntry._meta.db_table)
    on = _q(AftercareEntry._meta.get_field("on").column)
    years = (
        f"SELECT {year} AS year, {first} AS year_start, {last} AS year_end, t.case_number, t.id "  # noqa: S608 — SQL from code
        f"FROM ({courses}) t WHERE t.support_id IS NOT NULL AND {after} AND {phase3}"
    )
    hours = (
        f"(SELECT SUM(a.hours) FROM {entry} a WHERE a.course_id = y.id AND a.kind = %s "  # noqa: S608 — SQL from code
        f"AND a.{on} >= y.year_start AND a.{on} <= y.year_end)"
    )
    # The hours have two decimals: "fewer than the limit" is "below the limit less half a cent", which
    # holds for SQLite's floating-point sums as for PostgreSQL's exact ones.
    sql = (
        f"SELECT h.due, h.case_number, h.id, h.year, h.hours FROM (SELECT y.year_end AS due, y.case_number, y.id, "  # noqa: S608 — SQL from code
        f"y.year, COALESCE({hours}, 0) AS hours FROM ({years}) y WHERE y.year IS NOT NULL) h "
        "WHERE h.hours < %s"
    )
    return sql, [
        EntryKind.PROCEEDINGS_SUPPORT.value,
        *year_params,
        *first_params,
        *last_params,
        *params,
        *after_params,
        *phase3_params,
        rs.proceedings_support_hours_per_year - 0.005,
    ]


@dataclass(frozen=True)
class _Kind:
    name: str  # the Reminder's kind
    sql: Callable[..., Sql]
    make: Callable[..., Reminder]


def _course_ending(today: datetime.date, rs: RuleSet, due: datetime.date, case: str, pk: int) -> Reminder:
    days_left = (due - today).days
    return Reminder(
        kind="course_ending",
        title=ngettext(
            "Course %(case)s ends on %(date)s (%(days)s day left)",
            "Course %(case)s ends on %(date)s (%(days)s days left)",
            days_left,
        )
        % {"case": case, "date": due.strftime("%d.%m.%Y"), "days": days_left},
        due=due,
        url=reverse("rehabilitation:course", args=[case]),
        case_number=case,
        urgent=days_left <= min(rs.course_warning_days),
    )


def _aftercare_closing(
    today: datetime.date, rs: RuleSet, due: datetime.date, case: str, pk: int, used: int
) -> Reminder:
    return Reminder(
        kind="aftercare_window_closing",
        title=_("After-care for %(case)s closes on %(date)s (%(left)s of %(limit)s consultations left)")
        % {
            "case": case,
            "date": due.strftime("%d.%m.%Y"),
            "left": rs.aftercare_consultations - used,
            "limit": rs.aftercare_consultations,
        },
        due=due,
        url=reverse("rehabilitation:aftercare", args=[case]),
        case_number=case,
        urgent=(due - today).days <= min(rs.course_warning_days),
    )


def _support_year_ending(
    today: datetime.date, rs: RuleSet, due: datetime.date, case: str, pk: int, year: int, hours
) -> Reminder:
    # SQLite sums to a float: back to the two decimals of the hours, as the calculator's Decimal sum.
    used = Decimal(str(hours)).quantize(_CENT) if not isinstance(hours, Decimal) else hours
    left = rs.proceedings_support_hours_per_year - used
    return Reminder(
        kind="support_year_ending",
        title=_("Support year %(n)s for %(case)s ends on %(date)s (%(left)s h left)")
        % {"n": year, "case": case, "date": due.strftime("%d.%m.%Y"), "left": format(left.normalize(), "f")},
        due=due,
        url=reverse("rehabilitation:aftercare", args=[case]),
        case_number=case,
        urgent=(due - today).days <= min(rs.course_warning_days),
    )


_KINDS = (
    _Kind("course_ending", _ending, _course_ending),
    _Kind("aftercare_window_closing", _aftercare, _aftercare_closing),
    _Kind("support_year_ending", _support, _support_year_ending),
)
_CENT = Decimal("0.01")


def _read(sql: str, params: list, most: int | None, up_to: datetime.date | None = None) -> list[tuple]:
    """The rows of one kind, ordered by day, case number and course (at most ``most``; only those
    due by ``up_to``), the day as a date."""
    where = "" if up_to is None else " WHERE k.due <= %s"
    cut = "" if most is None else " LIMIT %s"
    query = f"SELECT k.* FROM ({sql}) k{where} ORDER BY k.due, k.case_number, k.id{cut}"  # noqa: S608 — SQL from code
    args = [*params, *([] if up_to is None else [up_to]), *([] if most is None else [most])]
    with connection.cursor() as cursor:
        cursor.execute(query, args)
        return [(as_date(due), *rest) for due, *rest in cursor.fetchall()]


def _order(r: Reminder, today: datetime.date) -> tuple:
    """The task list's order (``tasks.access``): the earliest due first, the urgent first on a day."""
    return (r.due, not (r.urgent or r.due <= today), r.kind, r.case_number, r.title)


def reminders_page(actor, today: datetime.date, limit: int | None) -> ReminderPage:
    """The earliest ``limit`` reminders (all if None) and how many there are: each kind is one query,
    ordered by its day by the database and cut at the policy's ``task_list_count_max`` (then the
    count says "at least"). The database looks only at the courses near a reminder day (indexed
    plain dates), not at every course of the teams, and the calculator is not run.

    Every reminder is due today or later (a course that has ended, a window or a year that has
    closed reminds no more), so none is overdue."""
    if actor is None or not actor.may_open_personal_data:
        return ReminderPage(items=[], total=0, overdue=0, due_today=0)
    rs = ruleset_on(today)
    scope = _scope(actor)
    most = None if limit is None else max(rs.task_list_count_max, limit + 1)
    found: list[tuple[tuple, _Kind, tuple]] = []
    total = due_today = 0
    capped = False
    last_warning = min(rs.course_warning_days)
    for kind in _KINDS:
        sql, params = kind.sql(scope, actor.organisation.pk, today, rs)
        rows = _read(sql, params, most)
        if most is not None and len(rows) >= most:
            capped = True
            if limit > 0 and rows[-1][0] == rows[limit - 1][0]:  # the limit-th row's day goes on
                rows = _read(sql, params, None, up_to=rows[limit - 1][0])
        total, due_today = total + len(rows), due_today + sum(row[0] == today for row in rows)
        # The task list's order but the title (every kind is urgent within the last warning).
        found += [
            ((due, (due - today).days > last_warning, kind.name, case), kind, (due, case, *rest))
            for due, case, *rest in rows
        ]
    found.sort(key=lambda f: f[0])
    if limit is not None:
        # Titles are made for the first ``limit`` and those that only the title orders among them.
        found = [f for f in found if f[0] <= found[limit - 1][0]] if 0 < limit < len(found) else found[:limit]
    out = sorted((kind.make(today, rs, *row) for _, kind, row in found), key=lambda r: _order(r, today))
    return ReminderPage(
        items=out if limit is None else out[:limit], total=total, overdue=0, due_today=due_today, capped=capped
    )


def reminders(actor, today: datetime.date) -> list[Reminder]:
    """Every reminder of the actor's courses today, the earliest first (the daily digest)."""
    return reminders_page(actor, today, None).items
