"""The page bench's data (bench/generate.py --casework) is casework the application accepts: the
statuses agree with the decisions, dates lie in the past and inside the course, and every page
bench/measure.py times answers 200 for the bench user who asks it."""

from __future__ import annotations

import random

import pytest

pytestmark = pytest.mark.django_db


def test_the_bench_casework_is_consistent_and_every_measured_page_answers(clock_today):
    from django.test import Client as HttpClient

    from atbalsts.accounts.models import User
    from atbalsts.decisions.models import Application, ApplicationStatus, Outcome
    from atbalsts.municipal.models import MunicipalCase
    from atbalsts.people.models import CaseTeamMember
    from atbalsts.plans.models import Plan
    from atbalsts.rehabilitation.models import Course, ServiceEntry
    from bench.generate import generate
    from bench.measure import casework_requests

    result = generate(150, batch=75, seed=3, pool_size=40, log=lambda _m: None, casework=True,
                      municipal_share=0.1)
    rows = result["rows"]
    assert result["clients"] == 165 and rows["municipal cases"] == 15
    assert rows["identification cases"] > 20 and rows["applications"] > 5 and rows["courses"] > 3

    status_of = {Outcome.GRANT: ApplicationStatus.GRANTED, Outcome.REFUSE: ApplicationStatus.REFUSED,
                 Outcome.QUEUE: ApplicationStatus.QUEUED}
    for app in Application.objects.all():
        current = app.current_decision
        if app.status == ApplicationStatus.RECEIVED:
            assert current is None
        else:
            assert status_of[current.outcome] == app.status
            assert app.received_on <= current.decided_on <= clock_today
    for course in Course.objects.select_related("decision"):
        assert course.decision.outcome == Outcome.GRANT and course.start <= clock_today
        assert Plan.objects.filter(client_id=course.client_id).exists()
        last = course.actual_end or clock_today
        assert all(course.start <= e.on <= last for e in ServiceEntry.objects.filter(course=course))
    mw = User.objects.get(username="bench_mw")
    assert all(CaseTeamMember.objects.filter(client_id=c.client_id, user=mw).exists()
               for c in MunicipalCase.objects.all())

    requests = casework_requests(2, random.Random(1))
    for kind in ("task list", "siva inbox", "siva decided application", "plan page", "course page",
                 "municipal case list", "municipal case", "audit list", "start page admin", "period report sw"):
        assert kind in requests
    sessions = {}
    for kind, (username, urls) in requests.items():
        if username not in sessions:
            sessions[username] = HttpClient()
            sessions[username].force_login(User.objects.get(username=username),
                                           backend="django.contrib.auth.backends.ModelBackend")
        for url in urls:
            assert sessions[username].get(url).status_code == 200, (kind, url)
