"""Issue 14: the course reminders are computed by the database (``rehabilitation.reminders``). They
must be exactly those the calculator gives when run on every course of the actor's teams (the
code before, kept here as the reference): the same kinds, titles, days, urgency and order, on
every day around the boundaries (29 February, a course closed early or on its last day, after-care
consultations used up, support years and their hours), and the page and its counts must be those
of the whole list cut by the task list."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.lib.reminders import Reminder, page_of
from atbalsts.policy.entitlements import add_years
from atbalsts.policy.rules import ruleset_on
from atbalsts.rehabilitation import reminders as source
from atbalsts.rehabilitation.access import courses_visible_to
from atbalsts.rehabilitation.ledger import course_status, summary_for, warning_level
from atbalsts.rehabilitation.models import AftercareEntry, Course, ProceedingsSupport
from tests.conftest import actor

D = datetime.timedelta


def calculated(actor, today: datetime.date) -> list[Reminder]:
    """The reminders as the calculator gives them, course by course (the code before issue 14's
    change, without its prefilter: every course of the actor's teams)."""
    rs = ruleset_on(today)
    horizon = max(rs.course_warning_days)
    out: list[Reminder] = []
    for course in courses_visible_to(actor).prefetch_related("aftercare", "client__family"):
        number = course.client.case_number
        status = course_status(course, today)
        if status.state == "running" and status.days_left <= horizon:
            level = warning_level(status.days_left, rs)
            out.append(
                Reminder(
                    kind="course_ending",
                    title=ngettext(
                        "Course %(case)s ends on %(date)s (%(days)s day left)",
                        "Course %(case)s ends on %(date)s (%(days)s days left)",
                        status.days_left,
                    )
                    % {"case": number, "date": status.end.strftime("%d.%m.%Y"), "days": status.days_left},
                    due=status.end,
                    url=reverse("rehabilitation:course", args=[number]),
                    case_number=number,
                    urgent=level is not None and level == min(rs.course_warning_days),
                )
            )
            continue
        if status.state not in ("ended", "closed_early"):
            continue
        summary = summary_for(course, today)
        window_end = summary.aftercare_window_end
        if (
            summary.aftercare_available
            and summary.aftercare_left > 0
            and window_end is not None
            and today <= window_end <= today + D(days=rs.aftercare_reminder_days)
        ):
            out.append(
                Reminder(
                    kind="aftercare_window_closing",
                    title=_("After-care for %(case)s closes on %(date)s (%(left)s of %(limit)s consultations left)")
                    % {
                        "case": number,
                        "date": window_end.strftime("%d.%m.%Y"),
                        "left": summary.aftercare_left,
                        "limit": summary.aftercare_limit,
                    },
                    due=window_end,
                    url=reverse("rehabilitation:aftercare", args=[number]),
                    case_number=number,
                    urgent=(window_end - today).days <= min(rs.course_warning_days),
                )
            )
        year = summary.support_year
        if (
            summary.phase3_open
            and year is not None
            and year.hours_left > 0
            and year.start <= today <= year.end
            and (year.end - today).days <= rs.support_year_reminder_days
        ):
            out.append(
                Reminder(
                    kind="support_year_ending",
                    title=_("Support year %(n)s for %(case)s ends on %(date)s (%(left)s h left)")
                    % {
                        "n": year.number,
                        "case": number,
                        "date": year.end.strftime("%d.%m.%Y"),
                        "left": format(year.hours_left.normalize(), "f"),
                    },
                    due=year.end,
                    url=reverse("rehabilitation:aftercare", args=[number]),
                    case_number=number,
                    urgent=(year.end - today).days <= min(rs.course_warning_days),
                )
            )
    return page_of(out, today, None).items  # the task list's order


def _same(actor, day: datetime.date) -> list[Reminder]:
    expected = calculated(actor, day)
    got = source.reminders(actor, day)
    assert got == expected, day
    for limit in (1, 2, 5, 100):
        page = source.reminders_page(actor, day, limit)
        want = page_of(expected, day, limit)
        assert (page.items, page.total, page.overdue, page.due_today) == (
            want.items,
            want.total,
            want.overdue,
            want.due_today,
        ), (day, limit)
        assert not page.capped
    return expected


def _support(sw, course, start, hours=()):
    ProceedingsSupport.objects.create(
        course=course,
        document_kind="decision",
        document_number="1",
        document_date=start,
        issuing_body="VP",
        start=start,
        recorded_by=sw.user,
    )
    AftercareEntry.objects.bulk_create(
        [
            AftercareEntry(
                course=course,
                kind="proceedings_support",
                on=on,
                hours=Decimal(h),
                support_kind="interpreter",
                recorded_by=sw.user,
            )
            for on, h in hours
        ]
    )


def _consultations(sw, course, n, first):
    AftercareEntry.objects.bulk_create(
        [
            AftercareEntry(
                course=course,
                kind="aftercare_consultation",
                on=first + D(days=7 * i),
                hours=1,
                specialist="psychologist",
                recorded_by=sw.user,
            )
            for i in range(n)
        ]
    )


@pytest.fixture
def new_client(sw):
    from atbalsts.people.services import create_client

    made = iter(range(10_000))

    def _new():
        n = next(made)
        return create_client(
            sw, {"given_names": "Anna", "surname": f"Kalniņa{n}", "birth_date": datetime.date(1990, 1, 1)}
        )

    return _new


# Days around the boundaries: 29 February (2024, 2028) and the same days of common years, the
# turn of a year, and the test clock's day.
DAYS = sorted(
    {
        *(datetime.date(y, 2, 20) + D(days=i) for y in (2024, 2025, 2026, 2028) for i in range(0, 14, 1)),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 11, 16),
        datetime.date(2027, 4, 1),
    }
)


def test_the_database_gives_the_calculators_reminders_on_every_day(sw, people, orgs, new_client):
    """Courses whose last day, after-care window end or support years fall near the days looked
    at, in every state: running, closed early (for a reason that opens after-care or not), closed
    on or after their last day, with after-care consultations used up or not, with support starting
    before or after the course's end and hours used up in a year or not; two courses of one client."""
    rs = ruleset_on(datetime.date(2026, 1, 1))
    length = rs.course_max_days
    ends = sorted(
        {
            *(datetime.date(y, 2, 24) + D(days=i) for y in (2022, 2023, 2024, 2026, 2027) for i in range(8)),
            datetime.date(2025, 12, 20),
            datetime.date(2026, 1, 30),
            datetime.date(2023, 12, 31),
        }
    )
    kinds = [
        "full",
        "early",
        "early_died",
        "on_last_day",
        "after_last_day",
        "used_up",
        "support_after",
        "support_before",
        "support_spent",
        "support_year2",
        "two_courses",
    ]
    shared = new_client()
    for i, end in enumerate(ends):
        kind = kinds[i % len(kinds)]
        client = shared if kind == "two_courses" else new_client()
        start = end - D(days=length - 1)
        fields = {}
        if kind in ("early", "early_died"):
            start = end - D(days=40 + i)
            fields = {"actual_end": end, "closure_reason": "goals_reached" if kind == "early" else "died"}
        elif kind == "on_last_day":
            fields = {"actual_end": end, "closure_reason": "goals_reached"}
        elif kind == "after_last_day":
            fields = {"actual_end": end + D(days=20), "closure_reason": "other"}
        course = Course.objects.create(client=client, organisation=orgs["provider_a"], start=start, **fields)
        if kind == "used_up":
            _consultations(sw, course, rs.aftercare_consultations - (i % 2), end + D(days=3))
        elif kind == "full":
            _consultations(sw, course, i % 3, end + D(days=3))
        elif kind == "support_after":
            _support(sw, course, end + D(days=30 + i), [(end + D(days=40 + i), 20)])
        elif kind == "support_before":
            _support(sw, course, start + D(days=10), [(end + D(days=1), 7.5)])
        elif kind == "support_spent":
            # 150 hours in year 1 when i is even, 149.5 when odd; a day after year 1 counts for year 2.
            p = end + D(days=1)
            _support(
                sw,
                course,
                p,
                [(p + D(days=10), 100), (add_years(p, 1) - D(days=1), 50 - (i % 2) / 2), (add_years(p, 1), 10)],
            )
        elif kind == "support_year2":
            p = add_years(end, -1)  # recorded before: the support starts the day after the end
            _support(sw, course, p, [(add_years(end + D(days=1), 1) + D(days=2), 149)])
    found = set()
    for day in DAYS:
        found |= {r.kind for r in _same(sw, day)}
    assert found == {"course_ending", "aftercare_window_closing", "support_year_ending"}
    assert source.reminders(actor(people["outsider"]), DAYS[0]) == []
    assert source.reminders(actor(people["psy"]), DAYS[0]) == []


def test_the_days_around_a_leap_day(sw, orgs, new_client):
    """A course of each shape ending on 28 and 29 February 2024 and 1 March, checked on the days
    around its course end, window end and support years' ends."""
    rs = ruleset_on(datetime.date(2024, 1, 1))
    for end in (datetime.date(2024, 2, 28), datetime.date(2024, 2, 29), datetime.date(2024, 3, 1)):
        course = Course.objects.create(
            client=new_client(), organisation=orgs["provider_a"], start=end - D(days=rs.course_max_days - 1)
        )
        _support(sw, course, end + D(days=1), [(end + D(days=5), 3)])
        Course.objects.create(
            client=new_client(), organisation=orgs["provider_a"], start=end - D(days=rs.course_max_days - 1)
        )
    marks = [
        datetime.date(2024, 2, 28),
        datetime.date(2026, 2, 28),
        datetime.date(2025, 2, 28),
        datetime.date(2027, 2, 28),
    ]
    # The days a reminder period opens (60 days before), a warning threshold is reached (30, 14,
    # 7 days before) and the day itself, each with its neighbours.
    around = (-62, -61, -60, -59, -58, -31, -30, -29, -15, -14, -13, -8, -7, -6, -2, -1, 0, 1, 2, 3)
    days = sorted({m + D(days=k) for m in marks for k in around})
    for day in days:
        _same(sw, day)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    course_days=st.integers(1, 260),
    closed=st.sampled_from([None, "goals_reached", "died", "decision_changed", ""]),
    consultations=st.integers(0, 6),
    support=st.one_of(st.none(), st.integers(-200, 800)),
    support_hours=st.lists(st.tuples(st.integers(-10, 1200), st.sampled_from([1, 37.5, 75, 149.5, 150])), max_size=4),
    day_offset=st.integers(-20, 1300),
    start=st.dates(datetime.date(2020, 1, 1), datetime.date(2026, 12, 31)),
)
def test_any_course_on_any_day(
    sw, orgs, client_record, course_days, closed, consultations, support, support_hours, day_offset, start
):
    fields = {}
    if closed is not None:
        fields = {"actual_end": start + D(days=course_days - 1), "closure_reason": closed}
    course = Course.objects.create(client=client_record, organisation=orgs["provider_a"], start=start, **fields)
    try:
        _consultations(sw, course, consultations, start + D(days=190))
        if support is not None:
            _support(sw, course, start + D(days=support), [(start + D(days=180 + k), h) for k, h in support_hours])
        day = start + D(days=day_offset)
        _same(sw, day)
        # The day the course's window or a support year ends, and the day before.
        for due in {r.due for r in calculated(sw, day)}:
            _same(sw, due)
            _same(sw, due + D(days=1))
    finally:
        AftercareEntry.objects.filter(course=course).delete()
        ProceedingsSupport.objects.filter(course=course).delete()
        course.delete()


def test_the_titles_in_latvian(sw, orgs, new_client):
    with translation.override("lv"):
        day = datetime.date(2026, 11, 16)
        Course.objects.create(client=new_client(), organisation=orgs["provider_a"], start=day - D(days=170))
        got = _same(sw, day)
        assert len(got) == 1 and "2026" in got[0].title


def test_the_queries_do_not_grow_with_the_courses(sw, orgs, new_client):
    """Each kind is one query however many courses remind (and the counts when a page is full)."""
    rs = ruleset_on(datetime.date(2026, 11, 16))
    day = datetime.date(2026, 11, 16)

    def add(n):
        for i in range(n):
            end = day + D(days=i % 20)
            course = Course.objects.create(
                client=new_client(), organisation=orgs["provider_a"], start=end - D(days=rs.course_max_days - 1)
            )
            window = Course.objects.create(
                client=new_client(),
                organisation=orgs["provider_a"],
                start=add_years(end, -2) - D(days=rs.course_max_days - 1),
            )
            _consultations(sw, window, 1, add_years(end, -2) + D(days=5))
            _support(sw, course, add_years(day, -1) + D(days=i), [(day - D(days=3), 2)])
            del course

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            page = source.reminders_page(sw, day, limit)
        return len(ctx.captured_queries), page

    add(3)  # each kind fills a page of 2: its counts are asked
    few = {limit: queries(limit) for limit in (None, 2, 100)}
    add(12)
    many = {limit: queries(limit) for limit in (None, 2, 100)}
    for limit in (None, 2, 100):
        assert many[limit][0] == few[limit][0], limit
    assert many[2][1].total == len(many[None][1].items) >= 26
    assert few[None][0] == 3 and many[2][0] <= 3 * 4
    assert Course.objects.count() > 25


@pytest.mark.parametrize("count_max", [None, 3, 4])
def test_a_page_cut_within_a_day_keeps_the_task_lists_order(sw, orgs, new_client, monkeypatch, count_max):
    """Several courses end, and after-care windows close, on the same days (urgent and not): every
    page, from 0 rows to all, is the whole list cut in the task list's order; with the count
    stopped at a small most (``capped``), the rows shown are still those."""
    import dataclasses

    day = datetime.date(2026, 11, 16)
    rs = ruleset_on(day)
    if count_max is not None:
        small = dataclasses.replace(rs, task_list_count_max=count_max)
        monkeypatch.setattr(source, "ruleset_on", lambda d: small)
    for offset in (3, 3, 3, 20, 20, 25):
        end = day + D(days=offset)
        Course.objects.create(
            client=new_client(), organisation=orgs["provider_a"], start=end - D(days=rs.course_max_days - 1)
        )
        Course.objects.create(
            client=new_client(),
            organisation=orgs["provider_a"],
            start=add_years(end, -2) - D(days=rs.course_max_days - 1),
        )
    expected = calculated(sw, day)
    assert len(expected) == 12
    for limit in range(0, 14):
        page = source.reminders_page(sw, day, limit)
        want = page_of(expected, day, limit)
        assert page.items == want.items, limit
        if count_max is None:
            assert (page.total, page.due_today, page.capped) == (12, 0, False)
        elif limit < count_max:
            assert page.capped and page.total >= count_max, limit
