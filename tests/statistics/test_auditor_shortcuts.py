"""The auditor's shortcuts give the answers of the plain computation (ADR 0020e): ``narrow``
reports exactly the figures ``intervals`` finds narrower than the threshold, and the re-solved
HiGHS model gives the intervals ``linprog`` gives."""

from __future__ import annotations

import random

import pytest

from atbalsts.statistics import auditor
from atbalsts.statistics.disclosure import Structure


def reader_view(seed: int):
    """A random table with random figures hidden: (structure, published, every value)."""
    rng = random.Random(seed)
    n_rows, n_cols = rng.randint(2, 7), rng.randint(2, 6)
    cells = [[rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 15, 30]) for _ in range(n_cols)] for _ in range(n_rows)]
    figures = {("cell", i, j): v for i, row in enumerate(cells) for j, v in enumerate(row)}
    figures |= {("row", i): sum(row) for i, row in enumerate(cells)}
    figures |= {("col", j): sum(row[j] for row in cells) for j in range(n_cols)}
    figures[("grand",)] = sum(map(sum, cells))
    structure = Structure.of(n_rows, n_cols, figures)
    values = [float(figures[p]) for p in structure.positions]
    hide = rng.uniform(0.1, 0.6)
    published = {k: v for k, v in enumerate(values) if rng.random() > hide}
    return structure, published, values


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("threshold", [3, 5, 11])
def test_narrow_reports_exactly_the_intervals_narrower_than_the_threshold(seed, threshold):
    structure, published, values = reader_view(seed)
    every = auditor.intervals(structure, published)
    expected = {k: iv for k, iv in every.items() if iv[1] - iv[0] < threshold - 1e-6}
    assert auditor.narrow(structure, published, threshold) == expected
    assert auditor.narrow(structure, published, threshold, known=values) == expected


@pytest.mark.parametrize("seed", range(40))
def test_the_reused_highs_model_gives_what_linprog_gives(seed, monkeypatch):
    structure, published, _values = reader_view(seed)
    fast = auditor.intervals(structure, published)
    monkeypatch.setattr(auditor, "_highs", None)
    assert auditor._Reader(*auditor._reader_system(structure, published)[1:]).model is None
    assert auditor.intervals(structure, published) == fast


def test_the_reader_keeps_one_highs_model_when_scipy_has_it():
    structure, published, _values = reader_view(3)
    hidden, a_eq, b_eq = auditor._reader_system(structure, published)
    assert hidden
    assert auditor._Reader(a_eq, b_eq).model is not None
