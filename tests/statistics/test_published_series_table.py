"""Latvia's published UNODC figures are on the dashboard as a table too (the chart's accessible
counterpart), labelled as published figures with their source; the provider's own view has none."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from atbalsts.statistics import published
from tests.statistics.records import make


@pytest.fixture
def data(orgs, clock_today):
    make(clock_today.year, orgs["provider_a"].pk, orgs["provider_b"].pk)
    return orgs


def test_the_table_has_every_published_year_and_keeps_below_five_as_published():
    with translation.override("en"):
        table = published.table()
    assert table.columns == ["Detected trafficking victims", "Persons prosecuted", "Persons convicted"]
    rows = dict(table.lines)
    assert rows["2008"][0] == "8" and rows["2010"][0] == "9"
    assert any(published.BELOW_FIVE in cells for cells in rows.values())
    # Every value in the file is in the table: none guessed, none lost.
    shown = sum(1 for cells in rows.values() for c in cells if c)
    assert shown == sum(len(v) for v in published.series().values())


def _published_block(body: str) -> str:
    match = re.search(r'<table class="govuk-table" id="published-unodc">.*?</table>\s*<p[^>]*>.*?</p>', body, re.S)
    assert match, "no published-figures table on the page"
    return match.group(0)


def test_the_coordinators_dashboard_shows_the_published_figures_as_a_table(data, people, login):
    body = login(people["statistician"]).get("/statistics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    block = _published_block(body)
    assert "Published figures (UNODC): Latvia, by year" in block
    assert '<th scope="row" class="govuk-table__header">2008</th>' in block
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Persons convicted</th>' in block
    assert "&lt;5" in block
    assert published.SOURCE in block
    assert 'aria-labelledby="t-published-unodc"' in body


def test_the_table_is_in_latvian_on_a_latvian_page(data, people, login):
    body = login(people["statistician"]).get("/statistics/", HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    block = _published_block(body)
    assert "Published figures" not in block and "Persons convicted" not in block


def test_a_providers_own_view_has_no_published_series(data, people, login):
    body = login(people["org_admin"]).get("/statistics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="published-unodc"' not in body
