"""A protected table is solved once per table and threshold and then read from the cache
(protection_cache)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from atbalsts.statistics import disclosure, layout, protection_cache
from atbalsts.statistics.auditor import audit
from atbalsts.statistics.tables import Table


def table(cells, *, title="Persons", rows=("r0", "r1", "r2"), cols=("c0", "c1", "c2")) -> Table:
    return Table(title=title, row_labels=list(rows), col_labels=list(cols), cells=[list(line) for line in cells])


CELLS = [[12, 3, 9], [7, 20, 11], [8, 6, 14]]


@pytest.fixture
def solves(monkeypatch):
    """Counts the calls of ``disclosure.protect`` (each one solves the suppression)."""
    calls = []
    real = disclosure.protect

    def spy(t, *, threshold):
        calls.append((t.cells, threshold))
        return real(t, threshold=threshold)

    monkeypatch.setattr(disclosure, "protect", spy)
    return calls


def test_the_same_table_twice_is_solved_once_and_published_the_same(solves):
    first = protection_cache.protect(table(CELLS), threshold=5)
    second = protection_cache.protect(table(CELLS), threshold=5)
    assert len(solves) == 1
    assert second == first
    assert ("cell", 0, 1) in second.primary and second.secondary
    assert second.cells[0][1] is disclosure.SUPPRESSED
    assert audit(second, threshold=5).ok


def test_a_changed_cell_is_solved_again(solves):
    protection_cache.protect(table(CELLS), threshold=5)
    changed = [line[:] for line in CELLS]
    changed[2][2] = 15
    protected = protection_cache.protect(table(changed), threshold=5)
    assert len(solves) == 2
    assert protected.cells[2][2] in (15, disclosure.SUPPRESSED)
    assert protected.row_totals[2] in (29, disclosure.SUPPRESSED)


def test_a_changed_threshold_is_solved_again(solves):
    at_5 = protection_cache.protect(table(CELLS), threshold=5)
    at_7 = protection_cache.protect(table(CELLS), threshold=7)
    assert len(solves) == 2
    assert ("cell", 2, 1) in at_7.primary and ("cell", 2, 1) not in at_5.primary  # the 6
    assert audit(at_7, threshold=7).ok


def test_changed_labels_or_title_are_solved_again(solves):
    protection_cache.protect(table(CELLS), threshold=5)
    relabelled = protection_cache.protect(table(CELLS, rows=("a", "b", "c")), threshold=5)
    retitled = protection_cache.protect(table(CELLS, title="Other"), threshold=5)
    assert len(solves) == 3
    assert relabelled.row_labels == ["a", "b", "c"]
    assert retitled.title == "Other"


def test_a_cache_entry_that_would_show_a_small_figure_is_not_used(solves):
    protected = protection_cache.protect(table(CELLS), threshold=5)
    key = protection_cache.key(table(CELLS), 5)
    cache.set(key, ([], []))  # as if someone had emptied the suppression
    again = protection_cache.protect(table(CELLS), threshold=5)
    assert len(solves) == 2
    assert again == protected
    assert cache.get(key) == (sorted(protected.primary), sorted(protected.secondary))


def test_a_table_larger_than_the_bound_is_not_kept(solves, monkeypatch):
    monkeypatch.setattr(protection_cache, "MAX_CELLS", 8)
    protection_cache.protect(table(CELLS), threshold=5)
    protection_cache.protect(table(CELLS), threshold=5)
    assert len(solves) == 2
    assert cache.get(protection_cache.key(table(CELLS), 5)) is None


def test_a_report_table_published_twice_is_solved_once(solves):
    report = layout.Table(code="by_sex", title="Persons", rows=["r0", "r1", "r2"], columns=["c0", "c1", "c2"],
                          cells=[line[:] for line in CELLS])
    first = layout.publish(report, threshold=5)
    second = layout.publish(report, threshold=5)
    assert len(solves) == 1
    assert second == first
    assert (0, 1) in second.suppressed
