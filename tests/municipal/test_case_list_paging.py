"""The municipal case list: a page at a time by position, the same queries for one case and for
many, no case lost or repeated between pages, and a sentence for a page link it did not make."""

import re
import urllib.parse

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.municipal import services
from atbalsts.municipal.models import CaseStep, MunicipalCase
from tests.conftest import actor


def _cases(people, n, steps=2):
    made = []
    for i in range(n):
        case = services.open_case(actor(people["municipal"]), {
            "contact_stage": "after", "person": {"given_names": f"P{i}", "surname": "Bērziņa"}})
        for s in range(1, steps + 1):
            CaseStep.objects.create(case=case, step=s, date=timezone.localdate(), recorded_by=people["municipal"])
        made.append(case)
    return made


def _rows(page):
    return [int(pk) for pk in re.findall(r'href="/municipal/cases/(\d+)/"', page)]


def _link(page, rel):
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', page)
    return dict(urllib.parse.parse_qsl(found.group(1).replace("&amp;", "&"))) if found else None


def _get(http, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = http.get("/municipal/", query or {})
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_list_asks_the_same_number_of_queries_for_one_case_and_for_many(people, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    first = _cases(people, 1)
    http.get("/municipal/")
    one, page = _get(http)
    assert _rows(page) == [first[0].pk] and "2. Fit with the target group" in page
    _cases(people, 12, steps=4)
    many, page = _get(http)
    assert len(_rows(page)) == 13 and "4. Evaluation" in page
    assert many == one


@override_settings(ATBALSTS_CASEWORK_PAGE_SIZE=10)
def test_the_pages_show_every_case_once_newest_first(people, login):
    # Opened in the same frozen moment: the order between them is the id's.
    cases = _cases(people, 23, steps=1)
    http = login(people["municipal"])
    pages, query = [], {}
    while query is not None:
        _n, page = _get(http, query)
        pages.append(page)
        query = _link(page, "next")
    assert [len(_rows(p)) for p in pages] == [10, 10, 3]
    expected = [c.pk for c in sorted(cases, key=lambda c: (c.opened_at, c.pk), reverse=True)]
    assert [pk for p in pages for pk in _rows(p)] == expected
    _n, back = _get(http, _link(pages[2], "prev"))
    assert _rows(back) == _rows(pages[1])
    # Each page read is recorded with the references it showed, and only those.
    events = AuditEvent.objects.filter(action=Action.LIST, object_type="municipal_case").order_by("-pk")[:4]
    refs = {c.pk: c.reference for c in MunicipalCase.objects.all()}
    assert [e.detail["refs"] for e in reversed(list(events))] == [
        [refs[pk] for pk in _rows(p)] for p in (*pages, back)]


@pytest.mark.parametrize("language, sentence", [
    ("en", "This page link is not valid: it may have been changed, cut short or be for another list."),
    ("lv", "Šī lapas saite nav derīga: tā var būt mainīta, saīsināta vai domāta citam sarakstam."),
])
def test_a_bad_page_link_is_explained_and_lists_nothing(people, login, language, sentence):
    case = _cases(people, 1)[0]
    http = login(people["municipal"])
    http.cookies["django_language"] = language
    for query in ({"after": "nonsense"}, {"before": "abc:def"}, {"after": "x" * 500}):
        response = http.get("/municipal/", query)
        page = response.content.decode()
        assert response.status_code == 400 and sentence in page and case.reference not in page, query


def test_outsiders_still_get_nothing(people, login, other_municipal):
    case = _cases(people, 1)[0]
    other = login(other_municipal)
    page = other.get("/municipal/").content.decode()
    assert case.reference not in page
    for persona in ("sw", "siva", "outsider"):
        assert login(people[persona]).get("/municipal/", {"after": "x"}).status_code == 404, persona
