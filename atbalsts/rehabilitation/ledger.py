"""The one place that turns a course in the database into the policy calculator's input.

:func:`situation_for` builds the :class:`~atbalsts.policy.entitlements.Situation` of a course;
:func:`course_status` and :func:`summary_for` read it back for pages, the API and reminders.
No limit is computed here: the numbers come from ``atbalsts.policy``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum

from atbalsts.policy import entitlements as ent
from atbalsts.policy.rules import RuleSet, RuleSetNotFound, ruleset_on

from .models import AftercareEntry, Course, ServiceEntry, ServiceKind


def policy_course(course: Course) -> ent.Course:
    return ent.Course(start=course.start, actual_end=course.actual_end,
                      closure_reason=(course.closure_reason or None) if course.actual_end else None)


def family_member_eligible(course: Course, member, on: datetime.date) -> bool:
    """May ``member`` have the family consultations on ``on``, under the rule set's readings?"""
    try:
        rs = ruleset_on(on)
    except RuleSetNotFound:
        return False
    return ent.family_member_eligible(rs, on=on, lives_in_latvia=member.lives_in_latvia,
                                      member_birth_date=member.birth_date,
                                      victim_birth_date=course.client.birth_date, course_start=course.start)


def eligible_family_members(course: Course, on: datetime.date) -> frozenset[str]:
    """Family members of the client who may have consultations on ``on`` (see the rule set's readings)."""
    return frozenset(str(m.pk) for m in course.client.family.all() if family_member_eligible(course, m, on))


def family_member_choices(course: Course, today: datetime.date) -> list:
    """The family members a form offers: eligible on the course's first day or today (the
    calculator decides for the consultation's own date)."""
    return [m for m in course.client.family.all()
            if family_member_eligible(course, m, today) or family_member_eligible(course, m, course.start)]


def _entry_of(row: AftercareEntry) -> ent.Entry:
    return ent.Entry(
        kind=ent.EntryKind(row.kind),
        on=row.on,
        hours=row.hours,
        specialist=row.specialist or None,
        support_kind=row.support_kind or None,
        family_member=str(row.family_member_id) if row.family_member_id else None,
        interpreter=row.interpreter,
    )


def situation_for(course: Course, today: datetime.date, *, eligibility_on: datetime.date | None = None
                  ) -> ent.Situation:
    """Everything the calculator needs about ``course`` as of ``today``.

    Family members' eligibility is judged on ``eligibility_on`` (the date of a new entry) or today.
    Course services are not limited in number, so they do not enter the ledger.
    """
    try:
        support = course.proceedings_support
    except Course.proceedings_support.RelatedObjectDoesNotExist:
        support = None
    return ent.Situation(
        course=policy_course(course),
        entries=tuple(_entry_of(r) for r in course.aftercare.all()),
        proceedings_support_start=support.start if support else None,
        receives_proceedings_support=support is not None,
        legal_aid=bool(support and support.legal_aid),
        eligible_family_members=eligible_family_members(course, eligibility_on or today),
        today=today,
    )


def summary_for(course: Course, today: datetime.date) -> ent.Summary:
    return ent.summarise(situation_for(course, today))


def warning_level(days_left: int, rs: RuleSet) -> int | None:
    """The smallest warning threshold that ``days_left`` has reached, or None."""
    reached = [t for t in rs.course_warning_days if days_left <= t]
    return min(reached) if reached else None


@dataclass(frozen=True)
class CourseStatus:
    """The compact status line shown on every page of the case."""

    course: Course
    start: datetime.date
    end: datetime.date
    latest_end: datetime.date
    days_used: int
    days_left: int
    days_max: int
    state: str  # "not_started", "running", "closed_early", "ended"
    warning: int | None  # the threshold reached (30, 14, 7, ...), while running
    urgent: bool  # the last threshold reached

    @property
    def running(self) -> bool:
        return self.state == "running"


def course_status(course: Course, today: datetime.date) -> CourseStatus:
    rs = ruleset_on(today)
    pc = policy_course(course)
    summary = ent.summarise(ent.Situation(course=pc, today=today), rs)
    end = summary.course_end
    if today < course.start:
        state = "not_started"
    elif pc.closed_early(rs):
        # Closed (today at the earliest): services may still be recorded up to that day, but the
        # course is no longer running and warns no more.
        state = "closed_early"
    elif today <= end:
        state = "running"
    else:
        state = "ended"
    warning = warning_level(summary.course_days_left, rs) if state == "running" else None
    return CourseStatus(
        course=course, start=course.start, end=end, latest_end=summary.course_latest_end,
        days_used=summary.course_days_used, days_left=summary.course_days_left, days_max=rs.course_max_days,
        state=state, warning=warning, urgent=warning is not None and warning == min(rs.course_warning_days),
    )


def service_counts(course: Course) -> list[dict]:
    """Per kind of service: how many entries, hours, nights and euros (no notes, no receipts)."""
    rows = (
        ServiceEntry.objects.filter(course=course).values("kind")
        .annotate(count=Count("pk"), hours=Sum("hours"), nights=Sum("nights"),
                  children_nights=Sum("children_nights"), amount_eur=Sum("amount_eur"))
        .order_by("kind")
    )
    return [{**row, "label": ServiceKind(row["kind"]).label} for row in rows]
