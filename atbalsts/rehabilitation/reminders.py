"""Reminders from this stage for the task list and the daily digest (see atbalsts.lib.reminders).

Only the actor's case teams (the same scoping as ``access.courses_visible_to``); titles carry the
case number, never a name. The thresholds are policy data (``RuleSet.course_warning_days``,
``aftercare_reminder_days``, ``support_year_reminder_days``).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atbalsts.lib.reminders import Reminder
from atbalsts.people.models import Client
from atbalsts.policy.entitlements import add_years
from atbalsts.policy.rules import ruleset_on

from .access import courses_visible_to
from .ledger import course_status, summary_for, warning_level

_NOT_READ = (
    *(f"client__{f.name}" for f in Client._meta.concrete_fields
      if f.name not in ("id", "case_number", "birth_date", "organisation")),
    "closing_summary",
    *(f"proceedings_support__{name}" for name in ("document_number", "document_date", "issuing_body", "document",
                                                   "document_name")),
)


def _between(field: str, lo: datetime.date, hi: datetime.date) -> Q:
    return Q(**{f"{field}__gte": lo, f"{field}__lte": hi})


def _ends_between(lo: datetime.date, hi: datetime.date, length: int) -> Q:
    """Courses whose last day (``min(actual_end, start + length - 1)``, see ``entitlements.Course.end``)
    may fall within ``lo``..``hi``: a superset, the calculator decides."""
    shift = datetime.timedelta(days=length - 1)
    return _between("start", lo - shift, hi - shift) | _between("actual_end", lo, hi)


def candidates(today: datetime.date) -> Q:
    """Which of the actor's courses can have a reminder today, as a condition on plain columns (the
    course's start and closing day, the support's start): the course's last day within the warning
    horizon, the after-care window's last day within its reminder period, or a support year's last
    day within its reminder period. Each date is widened by a few days for 29 February; the
    calculator then decides exactly, so the work is bounded by the courses near such a day, not by
    every course the worker ever had (issue 14)."""
    rs = ruleset_on(today)
    length = rs.course_max_days
    slack = datetime.timedelta(days=3)
    day = datetime.timedelta(days=1)
    # Running and ending within the warning horizon (a course closed early warns no more).
    near = _between("start", today - datetime.timedelta(days=length - 1),
                    today + datetime.timedelta(days=max(rs.course_warning_days) - length + 1))
    # The after-care window closes (its last day is the course's last day plus the window's years).
    near |= _ends_between(add_years(today, -rs.aftercare_window_years) - slack,
                          add_years(today + datetime.timedelta(days=rs.aftercare_reminder_days),
                                    -rs.aftercare_window_years) + slack, length)
    # A support year ends: year n of a support that starts on S ends the day before S + n years, and
    # S is the recorded start or the day after the course's last day, whichever is later.
    support = Q()
    for n in range(1, rs.proceedings_support_years + 1):
        lo = add_years(today + day, -n) - slack
        hi = add_years(today + datetime.timedelta(days=rs.support_year_reminder_days) + day, -n) + slack
        support |= _between("proceedings_support__start", lo, hi) | _ends_between(lo - day, hi - day, length)
    return near | (Q(proceedings_support__isnull=False) & support)


def reminders(actor, today: datetime.date) -> list[Reminder]:
    rs = ruleset_on(today)
    horizon = max(rs.course_warning_days)
    # The proceedings support (one-to-one) in the same query: one query per page, not per course.
    # Of the client only the case number and the birth date (the family members' eligibility)
    # are decrypted; nothing of the course's or the support's encrypted text or documents.
    courses = (courses_visible_to(actor).filter(candidates(today))
               .select_related("client", "proceedings_support").defer(*_NOT_READ)
               .prefetch_related("aftercare", "client__family"))
    out: list[Reminder] = []
    for course in courses:
        number = course.client.case_number
        status = course_status(course, today)
        if status.state == "running" and status.days_left <= horizon:
            level = warning_level(status.days_left, rs)
            out.append(Reminder(
                kind="course_ending",
                title=ngettext("Course %(case)s ends on %(date)s (%(days)s day left)",
                               "Course %(case)s ends on %(date)s (%(days)s days left)", status.days_left) % {
                    "case": number, "date": status.end.strftime("%d.%m.%Y"), "days": status.days_left},
                due=status.end, url=reverse("rehabilitation:course", args=[number]), case_number=number,
                urgent=level is not None and level == min(rs.course_warning_days),
            ))
            continue
        if status.state not in ("ended", "closed_early"):
            continue
        summary = summary_for(course, today)
        window_end = summary.aftercare_window_end
        if (summary.aftercare_available and summary.aftercare_left > 0 and window_end is not None
                and today <= window_end <= today + datetime.timedelta(days=rs.aftercare_reminder_days)):
            out.append(Reminder(
                kind="aftercare_window_closing",
                title=_("After-care for %(case)s closes on %(date)s (%(left)s of %(limit)s consultations left)") % {
                    "case": number, "date": window_end.strftime("%d.%m.%Y"), "left": summary.aftercare_left,
                    "limit": summary.aftercare_limit},
                due=window_end, url=reverse("rehabilitation:aftercare", args=[number]), case_number=number,
                urgent=(window_end - today).days <= min(rs.course_warning_days),
            ))
        year = summary.support_year
        if (summary.phase3_open and year is not None and year.hours_left > 0 and year.start <= today <= year.end
                and (year.end - today).days <= rs.support_year_reminder_days):
            out.append(Reminder(
                kind="support_year_ending",
                title=_("Support year %(n)s for %(case)s ends on %(date)s (%(left)s h left)") % {
                    "n": year.number, "case": number, "date": year.end.strftime("%d.%m.%Y"),
                    "left": format(year.hours_left.normalize(), "f")},
                due=year.end, url=reverse("rehabilitation:aftercare", args=[number]), case_number=number,
                urgent=(year.end - today).days <= min(rs.course_warning_days),
            ))
    return sorted(out, key=lambda r: (r.due, r.case_number))
