"""Reminders from the plans for the task list and the daily digest (see atbalsts.lib.reminders).

Only plans of clients whose case team includes the actor; titles carry the case number, never a
goal or activity text (those are the person's special-category data).
"""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from atbalsts.lib.reminders import Reminder
from atbalsts.policy.rules import ruleset_on

from .access import plans_visible_to
from .catalogue import GoalStatus
from .diff import due_of
from .models import PlanVersion


def reminders(actor, today: datetime.date) -> list[Reminder]:
    if actor is None or not actor.may_open_personal_data:
        return []
    horizon = today + datetime.timedelta(days=ruleset_on(today).plan_reminder_days)
    out: list[Reminder] = []
    plans = list(plans_visible_to(actor).select_related("client"))
    # The current version of every plan in one query: the newest number per plan.
    newest = PlanVersion.objects.filter(plan=OuterRef("plan")).order_by("-number").values("number")[:1]
    current = {v.plan_id: v for v in PlanVersion.objects.filter(plan__in=plans, number=Subquery(newest))}
    for plan in plans:
        case = plan.client.case_number
        if plan.next_review_on and plan.next_review_on <= horizon:
            overdue = plan.next_review_on < today
            title = (_("Plan review overdue for %(case)s") if overdue else _("Plan review due for %(case)s"))
            out.append(Reminder(kind="plan_review_due", title=title % {"case": case}, due=plan.next_review_on,
                                url=reverse("plans:reviews", args=[case]), case_number=case,
                                urgent=plan.next_review_on <= today))
        version = current.get(plan.pk)
        if version is None:
            continue
        for goal in version.data.get("goals", []):
            if goal.get("status") != GoalStatus.OPEN:
                continue
            for activity in goal.get("activities", []):
                due = due_of(activity)
                if due is not None and due <= horizon:
                    out.append(Reminder(kind="plan_activity_due",
                                        title=_("A plan activity is due for %(case)s") % {"case": case}, due=due,
                                        url=reverse("plans:plan", args=[case]), case_number=case,
                                        urgent=due <= today))
    return sorted(out, key=lambda r: (r.due, r.case_number, r.kind))
