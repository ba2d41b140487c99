"""The disclosure auditor recovers what a reader could recover, and fails the tables that leak
(ADR 0020e)."""

from __future__ import annotations

import math

import pytest

from atbalsts.statistics.auditor import audit
from atbalsts.statistics.disclosure import SUPPRESSED, DisclosureError, ProtectedTable, protect
from atbalsts.statistics.tables import Table

X = SUPPRESSED


def published(cells, row_totals, col_totals, grand, *, threshold=5) -> ProtectedTable:
    """A table as a reader sees it (``X`` = suppressed, ``None`` = unknown)."""
    return ProtectedTable(
        title="synthetic",
        row_labels=[f"r{i}" for i in range(len(cells))],
        col_labels=[f"c{j}" for j in range(len(cells[0]))],
        cells=cells,
        row_totals=row_totals,
        col_totals=col_totals,
        grand_total=grand,
        threshold=threshold,
    )


def test_it_passes_a_table_without_small_figures_or_suppressions():
    report = audit(published([[12, 0], [7, 20]], [12, 27], [19, 20], 39), threshold=5)
    assert report.ok
    assert report.problems == []
    assert report.intervals == {}


def test_it_fails_a_small_cell_published_as_it_is():
    report = audit(published([[12, 3], [7, 20]], [15, 27], [19, 23], 42), threshold=5)
    assert not report.ok
    assert report.problems == ["The cell (r0, c1) is published as 3, below the threshold 5."]


def test_it_fails_a_small_total_published_as_it_is():
    report = audit(published([[1, 2], [7, 20]], [3, 27], [8, 22], 30), threshold=5)
    assert report.problems == [
        "The cell (r0, c0) is published as 1, below the threshold 5.",
        "The cell (r0, c1) is published as 2, below the threshold 5.",
        "The total of row r0 is published as 3, below the threshold 5.",
    ]


def test_it_recovers_one_small_cell_suppressed_alone_from_its_row_total():
    # The naive way: blank the 3 and leave everything else. 15 − 12 = 3.
    report = audit(published([[12, X], [7, 20]], [15, 27], [19, 23], 42), threshold=5)
    assert not report.ok
    assert report.intervals == {("cell", 0, 1): (3.0, 3.0)}
    assert report.problems == ["The suppressed cell (r0, c1) can be narrowed to 3–3, fewer than 5 values apart."]


def test_it_recovers_two_small_cells_of_one_row_from_their_columns():
    # Both small cells of the row are blank, so the row total alone leaves 3 + 2 = 5 open —
    # but each column total gives its cell away.
    table = published([[X, X, 20], [10, 11, 12]], [25, 33], [13, 13, 32], 58)
    report = audit(table, threshold=5)
    assert report.intervals == {("cell", 0, 0): (3.0, 3.0), ("cell", 0, 1): (2.0, 2.0)}
    assert len(report.problems) == 2


def test_it_recovers_a_small_cell_hidden_with_both_its_totals_through_the_grand_total():
    # The cell, its row total and its column total are all blank; the rows and columns alone
    # leave it open, but the grand total gives the row total back (33 − 20 = 13) and with it
    # the cell (13 − 10 = 3).
    leaky = published([[X, 10], [10, 10]], [X, 20], [X, 20], 33)
    report = audit(leaky, threshold=5)
    assert report.intervals[("cell", 0, 0)] == (3.0, 3.0)
    assert report.intervals[("row", 0)] == (13.0, 13.0)
    assert not report.ok
    # Blank the grand total too and nothing bounds the cell from above.
    safe = published([[X, 10], [10, 10]], [X, 20], [X, 20], X)
    report = audit(safe, threshold=5)
    assert report.ok
    assert report.intervals[("cell", 0, 0)] == (0.0, math.inf)


def test_it_gives_the_interval_a_reader_gets_from_a_suppression_cycle():
    # Four cells on a rectangle: moving t around it keeps every total, with 3+t ≥ 0, 9−t ≥ 0,
    # 16−t ≥ 0 and 2+t ≥ 0, so t ∈ [−2, 9].
    table = published([[12, X, X], [7, 8, 20], [15, X, X]], [24, 35, 33], [34, 27, 31], 92)
    report = audit(table, threshold=5)
    assert report.ok
    assert report.intervals == {
        ("cell", 0, 1): (1.0, 12.0),
        ("cell", 0, 2): (0.0, 11.0),
        ("cell", 2, 1): (7.0, 18.0),
        ("cell", 2, 2): (0.0, 11.0),
    }


def test_it_holds_every_blank_to_the_rule_even_a_large_total():
    # A reader cannot tell a complement from a small cell, so every blank gets the same rule:
    # here the grand total gives away the column total 43 (and with it the 3 below the 40).
    table = published([[40, X], [X, 43]], [X, X], [X, 43], 86)
    report = audit(table, threshold=5)
    assert report.intervals[("col", 0)] == (43.0, 43.0)
    assert report.intervals[("cell", 1, 0)] == (3.0, 3.0)
    assert "The suppressed total of column c0 can be narrowed to 43–43, fewer than 5 values apart." in report.problems


def test_it_ignores_the_sums_of_rows_and_columns_with_an_unknown_cell():
    # Row r0 and column c0 contain an unknown cell, so their totals are unknown and give no
    # equation; the small cell of r0 is tied only to column c1, whose other cell is blank
    # together with its row total.
    table = published([[None, X], [10, X]], [None, X], [None, 13], None)
    report = audit(table, threshold=5)
    assert report.ok
    assert report.intervals[("cell", 0, 1)] == (0.0, 13.0)
    assert report.intervals[("cell", 1, 1)] == (0.0, 13.0)


def test_it_reports_published_figures_that_do_not_add_up():
    report = audit(published([[12, 10], [7, 20]], [22, 27], [21, 30], 49), threshold=5)
    assert report.problems == ["The published figures do not add up to the published totals."]


def test_it_refuses_a_threshold_outside_the_allowed_range():
    table = published([[12, 10], [7, 20]], [22, 27], [19, 30], 49)
    with pytest.raises(DisclosureError, match="from 1 to 100"):
        audit(table, threshold=0)


def test_what_protect_returns_passes_at_the_ctdc_threshold_too():
    table = Table("t", ["a", "b", "c"], ["x", "y", "z"], [[12, 3, 9], [7, 8, 20], [15, 16, 2]])
    protected = protect(table, threshold=11)
    report = audit(protected, threshold=11)
    assert report.ok
    # 9, 7, 8 and 2 are below 11 as well as 3: five small cells, all blank.
    assert protected.primary == {("cell", 0, 1), ("cell", 0, 2), ("cell", 1, 0), ("cell", 1, 1), ("cell", 2, 2)}
    assert all(high - low >= 11 for low, high in report.intervals.values())
    # The same table protected for 5 does not pass an audit for 11.
    assert not audit(protect(table, threshold=5), threshold=11).ok


# --- manage.py statistics_audit_table ----------------------------------------------------------

def run_command(path, *args):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("statistics_audit_table", str(path), *args, stdout=out)
    return out.getvalue()


def write_rows(path, rows, delimiter=","):
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def test_the_command_passes_a_table_that_protect_wrote(tmp_path):
    protected = protect(Table("t", ["a", "b", "c"], ["x", "y", "z"], [[12, 3, 9], [7, 8, 20], [15, 16, 2]]),
                        threshold=5)
    out = run_command(write_rows(tmp_path / "t.csv", protected.rows(total_label="Kopā")))
    assert out.splitlines() == [
        "Threshold: 5",
        "  suppressed cell (a, y): a reader can tell 1–12",
        "  suppressed cell (a, z): a reader can tell 0–11",
        "  suppressed cell (c, y): a reader can tell 7–18",
        "  suppressed cell (c, z): a reader can tell 0–11",
        "PASS: safe to publish under this threshold.",
    ]


def test_the_command_fails_a_naively_suppressed_table_and_says_why(tmp_path):
    from django.core.management import CommandError

    rows = [["", "x1", "x2", "Total"], ["a", 12, "x", 15], ["b", 7, 20, 27], ["Total", 19, 23, 42]]
    path = write_rows(tmp_path / "naive.csv", rows, delimiter=";")
    with pytest.raises(CommandError, match=r"FAIL: 1 problem\(s\); do not publish this table."):
        run_command(path)
    # At the CTDC threshold the 7 published in row b is a problem too.
    with pytest.raises(CommandError, match=r"FAIL: 2 problem\(s\)"):
        run_command(path, "--threshold", "11")


@pytest.mark.parametrize(("rows", "message"), [
    ([["", "c", "Total"], ["a", "abc", 3], ["Total", 3, 3]],
     "Line 2, field 2: 'abc' is neither a whole number, 'x' nor blank."),
    ([["", "c", "Total"], ["a", 3], ["Total", 3, 3]], "Line 2 has 2 fields; the header has 3."),
    ([["", "c", "Total"], ["Total", 3, 3]], "The table needs a header row"),
])
def test_the_command_explains_a_malformed_table(tmp_path, rows, message):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as caught:
        run_command(write_rows(tmp_path / "bad.csv", rows))
    assert str(caught.value).startswith(message)


def test_the_command_explains_a_missing_file_and_a_bad_threshold(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv: No such file or directory\."):
        run_command(tmp_path / "missing.csv")
    path = write_rows(tmp_path / "t.csv", [["", "c", "Total"], ["a", 30, 30], ["Total", 30, 30]])
    with pytest.raises(CommandError, match=r"--threshold must be from 1 to 100, not 0\."):
        run_command(path, "--threshold", "0")
