"""The yearly national report (PDF/A) carries Latvia's published UNODC figures as a table, as the
dashboard does: labelled as published figures, with their source and the data file's date, in
Latvian and in English. Checked on the HTML the PDF is rendered from, not by parsing the PDF."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import formats, translation

from atbalsts.statistics import access, dashboard, exports, figures, published
from tests.conftest import actor
from tests.statistics.records import make


@pytest.fixture
def data(orgs, clock_today):
    make(clock_today.year, orgs["provider_a"].pk, orgs["provider_b"].pk)
    return orgs


def _board(user, clock_today, language: str):
    viewer = access.viewer(actor(user))
    with translation.override(language):
        return dashboard.build(viewer, figures.year(clock_today.year, clock_today))


def _published_block(html: str) -> str:
    match = re.search(r'<h3 id="published-unodc-caption">.*?</table>\s*<p class="note">.*?</p>', html, re.S)
    assert match, "no published-figures table in the report"
    return match.group(0)


def _rows(block: str) -> dict[str, list[str]]:
    return {year: re.findall(r"<td>(.*?)</td>", cells)
            for year, cells in re.findall(r'<tr><th scope="row">(\d{4})</th>(.*?)</tr>', block)}


def test_the_english_report_has_the_published_figures_table_with_its_source(data, people, clock_today):
    board = _board(people["statistician"], clock_today, "en")
    block = _published_block(exports.report_html(board, "en"))
    assert "Published figures (UNODC): Latvia, by year" in block
    assert "<th scope=\"col\">Persons convicted</th>" in block and "<th scope=\"col\">Year</th>" in block
    assert "As published by UNODC, not counted in this system." in block
    assert f"Source: {published.SOURCE}" in block
    with translation.override("en"):
        day = formats.date_format(published.FILE_DATE, "SHORT_DATE_FORMAT")
    assert f"data file of {day}: Latvia's national totals, as published" in block
    # Every published year and value, as published ("<5" kept; none guessed).
    with translation.override("en"):
        expected = published.table()
    rows = _rows(block)
    assert list(rows) == [year for year, _cells in expected.lines]
    assert rows["2008"][0] == "8" and rows["2010"][0] == "9"
    assert any("&lt;5" in cells for cells in rows.values())
    assert [[c.replace("&lt;", "<") for c in cells] for cells in rows.values()] == [
        cells for _year, cells in expected.lines]


def test_the_latvian_report_has_the_table_in_latvian(data, people, clock_today):
    board = _board(people["statistician"], clock_today, "lv")
    block = _published_block(exports.report_html(board, "lv"))
    with translation.override("lv"):
        caption = translation.gettext("Published figures (UNODC): Latvia, by year")
        convicted = translation.gettext("Persons convicted")
        year = translation.gettext("Year")
    assert caption != "Published figures (UNODC): Latvia, by year"  # the catalogue has it
    assert caption in block and f'<th scope="col">{convicted}</th>' in block and f'<th scope="col">{year}</th>' in block
    assert "Published figures" not in block and "Persons convicted" not in block
    assert "14.04.2025" in block and published.SOURCE in block
    assert "2008" in _rows(block)


def test_a_providers_own_report_has_no_published_series(data, people, clock_today):
    board = _board(people["org_admin"], clock_today, "en")
    assert 'id="published-unodc"' not in exports.report_html(board, "en")


def test_the_pdf_download_is_rendered_from_html_with_the_table(data, people, login, monkeypatch):
    """The view's own PDF path: the HTML handed to the PDF renderer has the table."""
    rendered = {}

    def fake_render_pdf(template_name, context, stylesheets=(), language="lv"):
        with translation.override(language):
            rendered[language] = render_to_string(template_name, context)
        return b"%PDF-1.7 test"

    monkeypatch.setattr(exports.documents, "render_pdf", fake_render_pdf)
    http = login(people["statistician"])
    assert http.get("/statistics/report.pdf", {"lang": "en"}).status_code == 200
    assert http.get("/statistics/report.pdf").status_code == 200
    assert "Published figures (UNODC): Latvia, by year" in _published_block(rendered["en"])
    assert published.SOURCE in _published_block(rendered["lv"])
    assert "Published figures (UNODC): Latvia, by year" not in rendered["lv"]
