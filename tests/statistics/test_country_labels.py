"""A published table by country never names a country whose count is suppressed: such countries
are counted together under "Other countries" (layout.publish_by_country), and the auditor's check
(layout.country_label_problems) fails a table that names one."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from atbalsts.statistics import auditor, disclosure, figures, layout, reports
from atbalsts.statistics.access import viewer
from atbalsts.statistics.layout import SUPPRESSED, Table
from atbalsts.statistics.models import StatisticalRecord
from tests.conftest import actor


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _make(y, n, **values):
    StatisticalRecord.objects.bulk_create([
        StatisticalRecord(opened_month=datetime.date(y, 3, 1), **values) for _ in range(n)])


@pytest.fixture
def data(db, clock_today):
    y = clock_today.year
    _make(y, 9, citizenship_country="Latvija", case_status="recognised", exploitation_countries=["Vācija"])
    _make(y, 7, citizenship_country="Ukraina", case_status="open", exploitation_countries=["Īrija"])
    _make(y, 6, citizenship_country="Ukraina", case_status="recognised", exploitation_countries=["Vācija"])
    _make(y, 1, citizenship_country="Islande", case_status="recognised",
          exploitation_countries=["Islande", "Norvēģija"])
    _make(y, 4, citizenship_country="Moldova", case_status="recognised", exploitation_countries=["Norvēģija"])
    _make(y, 1, citizenship_country="Čīle", case_status="not_recognised", exploitation_countries=["Čīle"])
    return figures.Scope(figures.year(y, clock_today))


def _rows(table):
    return dict(zip(table.row_codes, table.cells, strict=True))


def _check(table):
    """Every published figure 0 or ≥ k, every suppressed one at least k wide (the auditor), and no
    country named whose figures are not all published."""
    grid = disclosure.ProtectedTable(
        title=table.title, row_labels=table.rows, col_labels=table.columns,
        cells=[[disclosure.SUPPRESSED if v is SUPPRESSED else v for v in line] for line in table.cells],
        row_totals=[disclosure.SUPPRESSED if v is SUPPRESSED else v for v in table.row_totals],
        col_totals=[disclosure.SUPPRESSED if v is SUPPRESSED else v for v in table.column_totals],
        grand_total=disclosure.SUPPRESSED if table.grand_total is SUPPRESSED else table.grand_total,
        threshold=table.threshold, primary=frozenset(), secondary=frozenset())
    assert auditor.audit(grid, threshold=table.threshold).ok
    assert layout.country_label_problems(table) == []


def test_countries_with_suppressed_counts_become_other_countries(data, people):
    coordinator = viewer(actor(people["statistician"]))
    table = reports.publish(figures.by_citizenship_country(data), coordinator)
    _check(table)
    rows = _rows(table)
    assert rows["Latvija"] == [9, 0]
    assert rows["Ukraina"] == [6, 7]
    assert rows["other_countries"] == [5, 0]  # Islande 1, Moldova 4, Čīle (not recognised) 0
    for rare in ("Islande", "Moldova", "Čīle"):
        assert rare not in table.rows and rare not in table.row_codes
    assert "Other countries" in table.rows
    assert "counted together" in table.note


def test_the_exploitation_country_table_counts_a_person_once_under_other_countries(data, people):
    coordinator = viewer(actor(people["statistician"]))
    raw = figures.by_exploitation_country(data)
    assert _rows(raw)["Norvēģija"] == [5, 0] and _rows(raw)["Islande"] == [1, 0]
    table = reports.publish(raw, coordinator)
    _check(table)
    rows = _rows(table)
    assert rows["Vācija"] == [15, 0] and rows["Īrija"] == [0, 7]
    for rare in ("Islande", "Čīle"):
        assert rare not in table.row_codes
    # Islande alone is suppressed; "other countries" with only Islande would be too, and the
    # complement falls on Norvēģija, which joins it. The person in both counts once: 5, not 6.
    assert "Norvēģija" not in table.row_codes
    assert rows["other_countries"] == [5, 0]
    assert raw.merge(["Islande", "Norvēģija"]) == [5, 0]


def test_a_providers_own_view_names_its_own_countries(data, people, orgs):
    own = viewer(actor(people["org_admin"]))
    table = reports.publish(figures.by_citizenship_country(data), own)
    assert "Islande" in table.rows


def test_the_check_fails_a_table_that_names_a_suppressed_country():
    naive = layout.publish(Table(code="citizenship_country", title="t", rows=["Latvija", "Ukraina", "Islande"],
                                 columns=["identified", "presumed"], cells=[[9, 0], [6, 7], [1, 0]],
                                 row_codes=["Latvija", "Ukraina", "Islande"]), threshold=5)
    problems = layout.country_label_problems(naive)
    assert any("Islande" in p for p in problems)
    fixed = layout.publish_by_country(Table(
        code="citizenship_country", title="t", rows=["Latvija", "Ukraina", "Islande"],
        columns=["identified", "presumed"], cells=[[9, 0], [6, 7], [1, 0]],
        row_codes=["Latvija", "Ukraina", "Islande"]), threshold=5)
    assert layout.country_label_problems(fixed) == []
    assert "Islande" not in fixed.rows


def test_every_country_may_end_up_in_other_countries(db):
    table = layout.publish_by_country(Table(code="exploitation_country", title="t", rows=["A", "B", "Not recorded"],
                                            columns=["identified", "presumed"], cells=[[1, 0], [2, 1], [0, 0]],
                                            row_codes=["A", "B", "unknown"]), threshold=5)
    assert table.row_codes == ["other_countries", "unknown"]
    assert layout.country_label_problems(table) == []
