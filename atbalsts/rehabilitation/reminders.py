"""Reminders from this stage for the task list and the daily digest (see atbalsts.lib.reminders).

Only the actor's case teams (the same scoping as ``access.courses_visible_to``); titles carry the
case number, never a name. The thresholds are policy data (``RuleSet.course_warning_days``,
``aftercare_reminder_days``, ``support_year_reminder_days``).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atbalsts.lib.reminders import Reminder
from atbalsts.policy.rules import ruleset_on

from .access import courses_visible_to
from .ledger import course_status, summary_for, warning_level


def reminders(actor, today: datetime.date) -> list[Reminder]:
    rs = ruleset_on(today)
    horizon = max(rs.course_warning_days)
    # Courses that could still be running or in after-care: started within the course and the
    # longest after-care or support period (a cheap bound; the calculator decides the rest).
    years = max(rs.aftercare_window_years, rs.proceedings_support_years) + 1
    since = today - datetime.timedelta(days=rs.course_max_days + 366 * years)
    # The proceedings support (one-to-one) in the same query: one query per page, not per course.
    courses = (courses_visible_to(actor).filter(start__gte=since).select_related("client", "proceedings_support")
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
