"""SIVA's inbox, queue and archive cost the same however many applications there are (issue 14):
a fixed number of queries, a page of rows at a time found by position, no row lost or repeated
between pages, and a sentence (not an error page) for a page link the list did not make."""

import datetime
import re
import urllib.parse

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import services
from atbalsts.decisions.models import Application, ApplicationStatus, Decision, DecisionKind, Outcome
from tests.identification.flow import recognised_case

D = datetime.date


@pytest.fixture
def case(people, orgs, client_record):
    return recognised_case(people, orgs, client_record)


def _application(people, case, status, received_on, decided=()):
    """An application written straight to the tables, with its decisions (kind, outcome, day)."""
    app = Application.objects.create(
        case=case, organisation=case.organisation, ground=case.grounds.first(), submitted_by=people["sw"],
        received_on=received_on, deadline=services.deadline_for(received_on), signatory="person",
        signatory_name="X", signed_on=received_on, status=status)
    previous = None
    for kind, outcome, day in decided:
        previous = Decision.objects.create(application=app, kind=kind, outcome=outcome, decided_on=day,
                                           service_start=day if outcome == Outcome.GRANT else None,
                                           decided_by=people["siva"], supersedes=previous)
    return app


def _waiting(people, case, n):
    return [_application(people, case, ApplicationStatus.RECEIVED, D(2026, 11, 2) + datetime.timedelta(days=i % 9))
            for i in range(n)]


def _queued(people, case, n):
    return [_application(people, case, ApplicationStatus.QUEUED, D(2026, 10, 1) + datetime.timedelta(days=i % 5),
                         [(DecisionKind.ORIGINAL, Outcome.QUEUE, D(2026, 10, 6))]) for i in range(n)]


def _decided(people, case, n):
    # Every third was queued first and granted from the queue later: two decisions.
    apps = []
    for i in range(n):
        day = D(2026, 9, 1) + datetime.timedelta(days=i // 2)
        decided = [(DecisionKind.ORIGINAL, Outcome.REFUSE if i % 3 else Outcome.QUEUE, day)]
        if not i % 3:
            decided.append((DecisionKind.PROMOTION, Outcome.GRANT, day + datetime.timedelta(days=20)))
        apps.append(_application(people, case, ApplicationStatus.REFUSED if i % 3 else ApplicationStatus.GRANTED,
                                 D(2026, 8, 25), decided))
    return apps


def _queries(http, url):
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.parametrize("url, make", [
    ("/decisions/inbox/", _waiting), ("/decisions/queue/", _queued), ("/decisions/archive/", _decided)])
def test_a_list_asks_the_same_number_of_queries_for_one_row_and_for_many(people, case, login, url, make):
    siva = login(people["siva"])
    first = make(people, case, 1)
    siva.get(url)  # the session and the language are settled by the first request
    one, page = _queries(siva, url)
    assert f"/decisions/applications/{first[0].pk}/" in page
    more = make(people, case, 14)
    many, page = _queries(siva, url)
    assert all(f"/decisions/applications/{a.pk}/" in page for a in more)
    assert many == one


def _rows(page):
    return [int(pk) for pk in re.findall(r'href="/decisions/applications/(\d+)/"', page)]


def _next(page, rel="next"):
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', page)
    return dict(urllib.parse.parse_qsl(found.group(1).replace("&amp;", "&"))) if found else None


def _walk(http, url):
    pages, query = [], {}
    while query is not None:
        response = http.get(url, query)
        assert response.status_code == 200
        pages.append(response.content.decode())
        query = _next(pages[-1])
        assert len(pages) < 20
    return pages


@override_settings(ATBALSTS_CASEWORK_PAGE_SIZE=10)
@pytest.mark.parametrize("url, make, order", [
    ("/decisions/inbox/", _waiting, lambda a: (a.deadline, a.received_on, a.pk)),
    ("/decisions/queue/", _queued, lambda a: (a.received_on, a.submitted_at, a.pk)),
])
def test_the_inbox_and_the_queue_page_by_position_without_losing_a_row(people, case, login, url, make, order):
    apps = make(people, case, 25)
    siva = login(people["siva"])
    pages = _walk(siva, url)
    assert [len(_rows(p)) for p in pages] == [10, 10, 5]
    assert [pk for p in pages for pk in _rows(p)] == [a.pk for a in sorted(apps, key=order)]
    assert _rows(siva.get(url, _next(pages[2], "prev")).content.decode()) == _rows(pages[1])
    # Each page read is recorded with exactly the references it showed.
    events = list(AuditEvent.objects.filter(action=Action.LIST, object_type="siva_application").order_by("pk"))
    assert [len(e.detail["refs"]) for e in events[-4:]] == [10, 10, 5, 10]


@override_settings(ATBALSTS_CASEWORK_PAGE_SIZE=10)
def test_the_archive_pages_by_the_first_decision_without_losing_a_row(people, case, login):
    apps = _decided(people, case, 25)
    _waiting(people, case, 2)  # never in the archive
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    pages = _walk(siva, "/decisions/archive/")
    expected = sorted(apps, key=lambda a: (a.decisions.order_by("pk").first().decided_on, a.pk), reverse=True)
    assert [pk for p in pages for pk in _rows(p)] == [a.pk for a in expected]
    # The promoted ones show their current outcome and the letter of the current decision.
    promoted = apps[0]
    current = promoted.decisions.order_by("pk").last()
    page = next(p for p in pages if f"/decisions/applications/{promoted.pk}/" in p)
    assert f"/decisions/letters/{current.pk}/" in page and "Granted from the queue 21.09.2026" in page


def test_the_paged_lists_stay_siva_only(people, login, case):
    _waiting(people, case, 1)
    for persona in ("sw", "outsider", "municipal", "police"):
        http = login(people[persona])
        for url in ("/decisions/inbox/", "/decisions/queue/", "/decisions/archive/"):
            assert http.get(url, {"after": "x"}).status_code == 404, (persona, url)
