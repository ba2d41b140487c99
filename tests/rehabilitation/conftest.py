"""Courses for the rehabilitation tests. Most are made directly (the grant path is tested once,
through SIVA's decision, in test_course.py): a course is a start date and an organisation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atbalsts.people.models import FamilyMember
from atbalsts.rehabilitation.models import Course
from tests.conftest import actor

D = datetime.timedelta


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_course(client_record, orgs):
    def _make(start: datetime.date, client=None, **fields) -> Course:
        return Course.objects.create(client=client or client_record, organisation=orgs["provider_a"], start=start,
                                     **fields)

    return _make


@pytest.fixture
def sw_http(people, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    return http


@pytest.fixture
def sw(people):
    return actor(people["sw"])


@pytest.fixture
def child(client_record, today):
    return FamilyMember.objects.create(client=client_record, relation="child", given_names="Anna",
                                       surname="Bērziņa", birth_date=today.replace(year=today.year - 8),
                                       lives_in_latvia=True)
