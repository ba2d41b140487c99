"""Issue 14: the report's page shows a bounded number of client lines per page (policy data); the
totals cover the whole period on every page, and the downloads keep every line."""

import csv
import dataclasses
import datetime
import io
import re

import pytest

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.policy import rules
from atbalsts.reports import views

from .conftest import TODAY, course, new_client

OCT = "start=01.10.2026&end=31.10.2026"
CASE = re.compile(r'<span class="atb-case-number">([^<]+)</span>')
TOTALS = re.compile(r"<strong>([^<]*)</strong>")


@pytest.fixture
def five(people, sample):
    """Five clients of provider A with a course in October (the sample's two and three more)."""
    for i, who in enumerate(("sw", "psy", "sw")):
        course(new_client(people[who], f"Paged{i}"), datetime.date(2026, 10, 10 + i))
    return 5


@pytest.fixture
def per_page(monkeypatch):
    def set_rows(n):
        small = dataclasses.replace(rules.ruleset_on(TODAY), report_page_rows=n)
        monkeypatch.setattr(views, "ruleset_on", lambda on: small)
    return set_rows


def _html(http, url, language="en"):
    http.cookies["django_language"] = language
    response = http.get(url)
    return response.status_code, response.content.decode()


def _lines(html):
    """The case numbers of the page's client lines, in order, each once (every table repeats them)."""
    return list(dict.fromkeys(CASE.findall(html)))


def _list_events():
    return AuditEvent.objects.filter(action=Action.LIST, object_type="funding_report").order_by("pk")


def test_the_page_size_is_a_bounded_policy_default():
    assert "report_page_rows" in rules.PRODUCT_DEFAULTS
    assert 0 < rules.ruleset_on(TODAY).report_page_rows <= 1000


def test_the_lines_are_split_across_pages_without_loss_or_repetition_and_the_totals_stay(
        people, five, login, per_page):
    http = login(people["org_admin"])
    per_page(100)
    status, whole = _html(http, f"/reports/?{OCT}")
    assert status == 200 and len(_lines(whole)) == five
    assert "page=2" not in whole and "govuk-pagination" not in whole
    per_page(2)
    pages = []
    for n in (1, 2, 3):
        status, html = _html(http, f"/reports/?{OCT}&page={n}")
        assert status == 200
        pages.append(_lines(html))
        # The totals rows and the summary cover the whole period on every page.
        assert TOTALS.findall(html) == TOTALS.findall(whole)
        assert "5 clients in the period." in html
        assert f"Clients {2 * n - 1}–{min(2 * n, 5)} of 5 (page {n} of 3)." in html
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [c for p in pages for c in p] == _lines(whole)  # every line once, in the same order


def test_each_page_records_the_lines_it_showed(people, five, login, per_page):
    per_page(2)
    http = login(people["org_admin"])
    _status, html = _html(http, f"/reports/?{OCT}&page=2")
    event = _list_events().last()
    assert event.detail["case_numbers"] == _lines(html) and len(_lines(html)) == 2
    assert (event.detail["page"], event.detail["pages"], event.detail["clients_in_period"]) == (2, 3, 5)


def test_the_navigation_links_the_neighbours_in_latvian_and_english(people, five, login, per_page):
    per_page(2)
    http = login(people["org_admin"])
    _status, html = _html(http, f"/reports/?{OCT}&page=2")
    assert 'href="?start=01.10.2026&amp;end=31.10.2026&amp;page=1" rel="prev"' in html
    assert 'href="?start=01.10.2026&amp;end=31.10.2026&amp;page=3" rel="next"' in html
    assert "Previous page" in html and "Next page" in html and 'aria-current="page">2<' in html
    _status, html = _html(http, f"/reports/?{OCT}&page=1", "lv")
    assert "Nākamā lapa" in html and "Iepriekšējā lapa" not in html
    assert "Klienti 1.–2. no 5 (1. lapa no 3)." in html and "Atskaites lapas" in html


def test_the_downloads_keep_every_line_whatever_the_page_size(people, five, login, per_page):
    per_page(2)
    http = login(people["org_admin"])
    http.cookies["django_language"] = "en"
    response = http.get(f"/reports/period.csv?{OCT}&page=2")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[1:-1]) == five and rows[-1][0] == "Total"
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="funding_report")
    assert len(event.detail["case_numbers"]) == five and "page" not in event.detail


@pytest.mark.parametrize("page", ["abc", "0", "-1", "4", "1.5", "9999999", "１", "%20"])
def test_a_page_that_does_not_exist_gets_a_message_not_an_error(people, five, login, per_page, page):
    per_page(2)
    status, html = _html(login(people["org_admin"]), f"/reports/?{OCT}&page={page}")
    assert status == 400
    assert "There is no such page of this report: choose a page number from 1 to 3." in html
    assert not _lines(html) and not _list_events().exists()
    status, html = _html(login(people["org_admin"]), f"/reports/?{OCT}&page={page}", "lv")
    assert status == 400 and "Šādas atskaites lapas nav: izvēlieties lapas numuru no 1 līdz 3." in html


def test_an_empty_period_has_one_page(people, login):
    status, html = _html(login(people["sw"]), f"/reports/?{OCT}&page=1")
    assert status == 200 and "0 clients in the period." in html
    status, _html_2 = _html(login(people["sw"]), f"/reports/?{OCT}&page=2")
    assert status == 400


def test_the_page_links_keep_the_first_the_last_and_the_neighbours():
    assert views.page_links(1, 3) == [1, 2, 3]
    assert views.page_links(5, 10) == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert views.page_links(10, 10) == [1, None, 8, 9, 10]
    assert views.page_number("") == 1 and views.page_number("12") == 12
    assert views.page_number("0") is None and views.page_number("٣") is None and views.page_number("1" * 7) is None
