"""Reminders from the plans for the task list and the daily digest (see atbalsts.lib.reminders).

Only plans of clients whose case team includes the actor; titles carry the case number, never a
goal or activity text (those are the person's special-category data).

Everything is read from plain, indexed dates: the plan's ``next_review_on`` and the due dates of
the current version's open activities (``PlanActivityDue``, kept in step when a version is saved),
so nothing is decrypted and the database picks what falls due within the horizon (issue 14).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from atbalsts.lib.reminders import Reminder, ReminderPage, bounded_counts
from atbalsts.policy.rules import ruleset_on

from .access import plans_visible_to
from .models import PlanActivityDue


def reminders_page(actor, today: datetime.date, limit: int | None) -> ReminderPage:
    """The earliest ``limit`` reminders (all if None) and how many there are (counted by the database
    up to the policy's ``task_list_count_max``): indexed queries whose cost does not follow the caseload."""
    if actor is None or not actor.may_open_personal_data:
        return ReminderPage(items=[], total=0, overdue=0, due_today=0)
    rs = ruleset_on(today)
    horizon = today + datetime.timedelta(days=rs.plan_reminder_days)
    # A plan is kept by its client's organisation (``Plan.organisation``, set from the client when
    # the plan is drawn up), and only clients of the actor's organisation are visible: saying so
    # lets the database start from the organisation's plans (index ``plan_review_due``), so that an
    # organisation without plans (a municipality) reads nothing. The same rows.
    plans = plans_visible_to(actor).filter(organisation=actor.organisation)
    reviews = plans.filter(next_review_on__lte=horizon)
    activities = PlanActivityDue.objects.filter(plan__in=plans, due__lte=horizon)
    review_rows = reviews.order_by("next_review_on", "client__case_number").values_list(
        "next_review_on", "client__case_number")
    activity_rows = activities.order_by("due", "plan__client__case_number", "pk").values_list(
        "due", "plan__client__case_number")
    if limit is not None:
        review_rows, activity_rows = review_rows[:limit], activity_rows[:limit]
    out: list[Reminder] = []
    for due, case in review_rows:
        title = _("Plan review overdue for %(case)s") if due < today else _("Plan review due for %(case)s")
        out.append(Reminder(kind="plan_review_due", title=title % {"case": case}, due=due,
                            url=reverse("plans:reviews", args=[case]), case_number=case, urgent=due <= today))
    for due, case in activity_rows:
        out.append(Reminder(kind="plan_activity_due", title=_("A plan activity is due for %(case)s") % {"case": case},
                            due=due, url=reverse("plans:plan", args=[case]), case_number=case, urgent=due <= today))
    out.sort(key=lambda r: (r.due, r.case_number, r.kind))
    if limit is None or max(len(review_rows), len(activity_rows)) < min(limit, rs.task_list_count_max):
        # Everything was read (no kind filled the page, none reached the most counted): count it
        # here, with no query, as the database would have.
        return ReminderPage(items=out if limit is None else out[:limit], total=len(out),
                            overdue=sum(r.due < today for r in out), due_today=sum(r.due == today for r in out))
    counted = [bounded_counts(reviews, "next_review_on", today, rs.task_list_count_max),
               bounded_counts(activities, "due", today, rs.task_list_count_max)]
    return ReminderPage(items=out[:limit], total=sum(c[0] for c in counted),
                        overdue=sum(c[1] for c in counted), due_today=sum(c[2] for c in counted),
                        capped=any(c[3] for c in counted))


def reminders(actor, today: datetime.date) -> list[Reminder]:
    return reminders_page(actor, today, None).items
