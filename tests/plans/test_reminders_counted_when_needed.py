"""Plan reminders (issue 14): counted by the database only when a kind fills the page, read from
the actor's organisation's plans; the same items and counts as reading everything."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from atbalsts.people.services import create_client
from atbalsts.plans.models import Plan
from atbalsts.plans.reminders import reminders, reminders_page
from atbalsts.plans.services import save_plan_version
from tests.conftest import actor

D = datetime.timedelta


def _plan(who, name, due):
    client = create_client(who, {"given_names": name, "surname": "Test"})
    save_plan_version(
        who,
        client,
        [{"area": "health", "text": "x", "activities": [{"text": "y", "role": "medical", "due": due}]}],
        "v1",
    )
    return client


def _check(who, day, limits=(1, 2, 3, 4, 5, 6, 7, 9, 10, 40)):
    everything = reminders(who, day)
    key = lambda r: (r.due, r.case_number, r.kind)  # noqa: E731 - the source's own order
    for limit in limits:
        page = reminders_page(who, day, limit)
        assert page.items == sorted(everything, key=key)[:limit], limit
        assert (page.total, page.overdue, page.due_today, page.capped) == (
            len(everything),
            sum(r.due < day for r in everything),
            sum(r.due == day for r in everything),
            False,
        ), limit
    return everything


def test_the_page_and_its_counts_equal_reading_everything(people, client_record, planned):
    sw = actor(people["sw"])
    today = datetime.date.today()
    for i in range(5):
        _plan(sw, f"K{i}", today + D(days=i))
    Plan.objects.filter(pk=planned.pk).update(next_review_on=today - D(days=1))
    seen = 0
    for shift in (-3, 0, 2, 5, 30):
        seen += len(_check(sw, today + D(days=shift)))
    assert seen > 10


def test_no_count_is_asked_when_no_kind_fills_the_page(people, client_record, planned):
    sw = actor(people["sw"])
    today = datetime.date.today()
    _plan(sw, "K", today)
    with CaptureQueriesContext(connection) as ctx:
        page = reminders_page(sw, today, 10)
    assert len(ctx.captured_queries) == 2 and page.total == len(page.items) > 0
    with CaptureQueriesContext(connection) as ctx:
        reminders_page(sw, today, 1)
    assert len(ctx.captured_queries) == 8  # both kinds full: counted in the database as before


def test_a_municipal_workers_plan_is_still_reminded(people, orgs):
    """Nothing in the access rules keeps a municipal worker from drawing up a plan for a client on
    their team: the source reads the municipality's plans (none, usually), not nothing."""
    mw = actor(people["municipal"])
    today = datetime.date.today()
    with CaptureQueriesContext(connection) as ctx:
        empty = reminders_page(mw, today, 5)
    assert empty.items == [] and empty.total == 0 and len(ctx.captured_queries) == 2
    client = _plan(mw, "M", today)
    assert Plan.objects.get(client=client).organisation == orgs["municipal"]
    found = _check(mw, today)
    assert {r.case_number for r in found} == {client.case_number}
    assert not reminders_page(actor(people["sw"]), today, 5).items or all(
        r.case_number != client.case_number for r in reminders_page(actor(people["sw"]), today, 5).items
    )
