"""Reminders for the actor's case teams at the policy thresholds; the demo builds every stage."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone, translation

from atbalsts.accounts.models import Role
from atbalsts.policy.entitlements import add_years
from atbalsts.rehabilitation import services
from atbalsts.rehabilitation.ledger import course_status, summary_for
from atbalsts.rehabilitation.reminders import reminders
from tests.conftest import actor, make_user
from tests.rehabilitation.test_reminders_sql import calculated

from .conftest import D


def test_a_course_ending_within_the_largest_threshold_is_a_reminder(make_course, today, sw, people):
    make_course(today - D(days=179 - 30))
    got = reminders(sw, today)
    assert [r.kind for r in got] == ["course_ending"]
    assert got[0].due == today + D(days=30) and not got[0].urgent
    assert got[0].case_number in got[0].title and "Līga" not in got[0].title
    assert reminders(actor(people["outsider"]), today) == []
    assert reminders(actor(people["psy"]), today) == []


def test_no_reminder_before_the_largest_threshold_and_urgent_at_the_last(make_course, today, sw, client_record):
    course = make_course(today - D(days=179 - 31))
    assert reminders(sw, today) == []
    course.start = today - D(days=179 - 7)
    course.save()
    assert reminders(sw, today)[0].urgent


def test_an_aftercare_window_closing_with_consultations_left_is_a_reminder(make_course, today, sw):
    # The course ended so that its 2-year after-care window closes in 40 days.
    window_end = today + D(days=40)
    end = window_end.replace(year=window_end.year - 2)
    course = make_course(end - D(days=179))
    assert summary_for(course, today).aftercare_window_end == window_end
    with translation.override("en"):
        got = reminders(sw, today)
    assert [r.kind for r in got] == ["aftercare_window_closing"] and got[0].due == window_end
    assert "5 of 5" in got[0].title


def test_a_support_year_ending_with_hours_left_is_a_reminder(make_course, today, sw):
    course = make_course(today - D(days=600))
    start = today - D(days=340)
    services.record_proceedings_support(sw, course, {
        "document_kind": "decision", "document_number": "1", "document_date": start, "issuing_body": "VP",
        "start": start, "legal_aid": False})
    for n in range(5):  # 5 days of 20 hours
        services.record_aftercare(sw, course, {"kind": "proceedings_support", "on": today - D(days=n),
                                               "support_kind": "interpreter", "hours": Decimal(20)})
    with translation.override("en"):
        got = [r for r in reminders(sw, today) if r.kind == "support_year_ending"]
    assert len(got) == 1 and "50 h left" in got[0].title


def test_the_demo_builds_courses_at_every_stage_after_the_existing_demo(orgs, login, monkeypatch):
    from atbalsts.decisions.demo import build_decisions_demo
    from atbalsts.identification.demo import build_identification_demo
    from atbalsts.rehabilitation.demo import build_rehabilitation_demo

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 23))
    users = {
        "soc.darbiniece": make_user("soc.darbiniece", orgs["provider_a"], Role.SOCIAL_WORKER),
        "psihologs": make_user("psihologs", orgs["provider_a"], Role.PSYCHOLOGIST),
        "jurists": make_user("jurists", orgs["provider_a"], Role.LAWYER),
        "policists": make_user("policists", orgs["police"], Role.POLICE_OFFICIAL),
        "siva.ierednis": make_user("siva.ierednis", orgs["siva"], Role.SIVA_OFFICER),
    }
    today = timezone.localdate()
    build_identification_demo(orgs, users, today)
    build_decisions_demo(orgs, users, today)
    courses = build_rehabilitation_demo(orgs, users, today)
    status = {key: course_status(c, today) for key, c in courses.items()}
    assert status["just_started"].days_used == 1
    assert [status[k].days_left for k in ("ending_25", "ending_12", "ending_5")] == [25, 12, 5]
    assert [status[k].warning for k in ("ending_25", "ending_12", "ending_5")] == [30, 14, 7]
    assert status["closed_early"].state == "closed_early"
    assert courses["closed_early"].closure_reason == "goals_reached"
    assert summary_for(courses["aftercare_nearly_used"], today).aftercare_left == 1
    support = summary_for(courses["proceedings_support"], today)
    assert support.support_hours_used == 145 and courses["proceedings_support"].proceedings_support.legal_aid
    after = summary_for(courses["support_after_course"], today)
    assert after.proceedings_support_start == after.course_end + datetime.timedelta(days=1)
    assert after.support_hours_used == 2
    family = summary_for(courses["family_consultations"], today).family
    assert [(f.used, f.left) for f in family] == [(4, 1)]
    sw = actor(users["soc.darbiniece"])
    kinds = {r.kind for r in reminders(sw, today)}
    assert "course_ending" in kinds
    http = login(users["soc.darbiniece"])
    http.cookies["django_language"] = "en"
    page = http.get(f"/rehabilitation/{courses['ending_5'].client.case_number}/").content.decode()
    assert "5 days left" in page and "ends within 7 days" in page


def test_the_demo_runs_once_after_the_whole_existing_demo(db):
    from django.core.management import call_command

    from atbalsts.accounts.models import Organisation, User
    from atbalsts.audit.log import verify
    from atbalsts.demo.data import ORGANISATIONS, USERS
    from atbalsts.rehabilitation.demo import build_rehabilitation_demo
    from atbalsts.rehabilitation.models import Course

    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    # The existing demo's grant already opened a course through the signal.
    before = Course.objects.count()
    assert Course.objects.filter(decision__isnull=False).count() >= 1
    orgs = {key: Organisation.objects.get(name=name) for key, name, *_ in ORGANISATIONS}
    users = {username: User.objects.get(username=username) for username, *_ in USERS}
    courses = build_rehabilitation_demo(orgs, users, timezone.localdate())
    assert len(courses) == 9 and Course.objects.count() == before + 9
    assert verify() == []


def test_the_reminders_ask_no_more_queries_with_more_courses(make_course, today, sw):
    """Issue 14 ("data for every page"): the task list and the start page read every course of the
    worker's teams; the proceedings support comes with the course, not one query per course."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from atbalsts.people.services import create_client

    def new_client(n: int):
        return create_client(sw, {"given_names": "Anna", "surname": f"Kalniņa{n}",
                                  "birth_date": datetime.date(1990, 1, 1)})

    def closing_soon(n: int) -> datetime.date:
        """A course start whose after-care window closes 20 + n days from today (the course's
        last day two years back), so the course is one the reminders look at."""
        return add_years(today + D(days=20 + n), -2) - D(days=179)

    # An ended course in its after-care (the support and the after-care are looked at), and one with support.
    make_course(closing_soon(0), client=new_client(0))
    with CaptureQueriesContext(connection) as one:
        assert [r.kind for r in reminders(sw, today)] == ["aftercare_window_closing"]
    for n in range(1, 6):
        course = make_course(closing_soon(n), client=new_client(n))
        if n % 2:
            start = today - D(days=50)
            services.record_proceedings_support(sw, course, {
                "document_kind": "decision", "document_number": str(n), "document_date": start,
                "issuing_body": "VP", "start": start, "legal_aid": False})
    with CaptureQueriesContext(connection) as many:
        # Support covering today holds the after-care back: the three courses without support remind.
        assert [r.kind for r in reminders(sw, today)] == ["aftercare_window_closing"] * 3
    assert len(one.captured_queries) >= 2  # the courses and their after-care, at least
    assert len(many.captured_queries) == len(one.captured_queries), [q["sql"][:120] for q in many.captured_queries]


def test_the_prefilter_on_plain_dates_loses_no_reminder(make_course, sw, monkeypatch):
    """Issue 14: each kind narrows the courses on their plain, indexed dates (``_near_end``,
    ``_near_window_end``, ``_near_support_year_end``) before its exact conditions; over courses
    started every 11 days for six years (some closed early, some closed on their last day, some
    with criminal-proceedings support) and several days around 29 February, the reminders are
    exactly those without the narrowing, and those of the calculator run on every course
    (``test_reminders_sql.calculated``)."""
    import atbalsts.rehabilitation.reminders as source
    from atbalsts.rehabilitation.models import ProceedingsSupport

    first = datetime.date(2021, 1, 3)
    for i in range(200):
        start = first + D(days=11 * i)
        fields = {}
        if i % 5 == 1:
            fields = {"actual_end": start + D(days=40 + i % 60), "closure_reason": "goals_reached"}
        elif i % 5 == 2:
            fields = {"actual_end": start + D(days=179), "closure_reason": "goals_reached"}
        course = make_course(start, **fields)
        if i % 4 == 3:
            ProceedingsSupport.objects.create(course=course, document_kind="decision", document_number=str(i),
                                              document_date=start, issuing_body="VP", start=start + D(days=i % 400),
                                              recorded_by=sw.user)
    found_any = set()
    for day in (datetime.date(2024, 2, 27), datetime.date(2024, 2, 29), datetime.date(2024, 3, 1),
                datetime.date(2025, 6, 15), datetime.date(2026, 2, 28), datetime.date(2026, 11, 23)):
        narrowed = [(r.kind, r.due, r.title) for r in source.reminders(sw, day)]
        with monkeypatch.context() as m:
            for name in ("_near_end", "_near_window_end", "_near_support_year_end"):
                m.setattr(source, name, lambda today, rs: ("1 = 1", []))
            everything = [(r.kind, r.due, r.title) for r in source.reminders(sw, day)]
        assert narrowed == everything, day
        assert narrowed == [(r.kind, r.due, r.title) for r in calculated(sw, day)], day
        found_any |= {kind for kind, _, _ in everything}
    assert {"course_ending", "aftercare_window_closing", "support_year_ending"} <= found_any
