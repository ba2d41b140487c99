"""The national de-identified HTCDS dataset as it may leave the system: k-anonymous.

A table of counts is protected by ``disclosure.protect``; a file with one row per person needs
the record-level counterpart. Before the dataset leaves the system:

* **Generalised:** every month column is given as its year only (a month of opening, of
  recognition or of a course is too fine for a row about one person).
* **k-anonymous on the quasi-identifiers:** the year the case was opened, sex, age band,
  citizenship (``prs_Citizenship`` with ``ext_CitizenshipGroup``: the first is derived from the
  second, so they are blanked together), forms of exploitation and countries of exploitation.
  Every combination of their cells that appears in the file appears at least k times, k being the
  disclosure policy's threshold (``policy/disclosure.py``) — the same k as every published table.
* **Suppression, never deletion:** a row in a combination rarer than k loses the value of its
  most identifying quasi-identifier (blank), in the order of ``QUASI_IDENTIFIERS`` (countries of
  exploitation first, the year last), together with the fewest other rows needed for the blanked
  combination to reach k, and again until its combination is common enough (``plan``). Rows
  whose every quasi-identifier is blank form one group; if that group is still smaller than k,
  the smallest other groups are blanked into it. No row is dropped; a dataset of fewer than k
  records is refused. How many values were blanked, per column, is in ``NationalExport.summary``
  (the download's metadata and the audit event), never which rows.

All rows with the same quasi-identifier cells are treated alike, so the plan is made on their
counts (one pass over the records, a Counter of combinations), and the file is written in a
second pass a line at a time.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import htcds
from .disclosure import check_threshold
from .models import StatisticalRecord

log = logging.getLogger(__name__)

# The quasi-identifiers, in the order their values are blanked: the rarest, most identifying first.
QUASI_IDENTIFIERS: tuple[tuple[str, ...], ...] = (
    ("hte_Country",),
    ("prs_Citizenship", "ext_CitizenshipGroup"),
    ("vic_TypeOfExploitation",),
    ("ext_AgeBand",),
    ("prs_Gender",),
    ("cas_IncomingReferralDate",),
)
QUASI_IDENTIFIER_COLUMNS: tuple[str, ...] = tuple(c for group in QUASI_IDENTIFIERS for c in group)

Key = tuple[tuple[str, ...], ...]


def _month_columns() -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(htcds.columns("htcds")) if c["kind"] == "month")


def _generalise(row: list[str]) -> list[str]:
    """Months become years ("2026-05-01" → "2026")."""
    out = list(row)
    for i in _month_columns():
        out[i] = out[i][:4]
    return out


def _indices() -> tuple[tuple[int, ...], ...]:
    header = htcds.export_header()
    return tuple(tuple(header.index(c) for c in group) for group in QUASI_IDENTIFIERS)


def _key(row: list[str], indices) -> Key:
    return tuple(tuple(row[i] for i in group) for group in indices)


def _blank(key: Key, level: int) -> Key:
    return tuple(tuple("" for _c in group) if j < level else group for j, group in enumerate(key))


def plan(counts: Counter, threshold: int) -> dict[Key, int]:
    """For each combination of quasi-identifier cells, how many quasi-identifiers (in the order of
    ``QUASI_IDENTIFIERS``) its rows lose so that every combination left occurs ≥ threshold times.

    Quasi-identifier by quasi-identifier: the combinations rarer than k lose its value; when
    those, with the rows already blank there, are still fewer than k, the smallest combinations
    that differ from them only in that value lose it too (a rare country joins the others with
    their country blanked, rather than losing the citizenship as well)."""
    check_threshold(threshold)
    full = len(QUASI_IDENTIFIERS)
    levels = dict.fromkeys(counts, 0)

    def groups() -> Counter:
        out: Counter = Counter()
        for key, n in counts.items():
            out[_blank(key, levels[key])] += n
        return out

    def lift(chosen: set[Key], level: int) -> None:
        for key in levels:
            if _blank(key, levels[key]) in chosen:
                levels[key] = max(levels[key], level)

    for j in range(full):
        current = groups()
        by_parent: dict[Key, list[tuple[int, Key]]] = {}
        for g, n in current.items():
            if g == _blank(g, j):  # the quasi-identifiers before this one are blank already
                by_parent.setdefault(_blank(g, j + 1), []).append((n, g))
        chosen: set[Key] = set()
        for parent, members in by_parent.items():
            small = {g for n, g in members if n < threshold and g != parent}
            if not small:
                continue
            pool = current.get(parent, 0) + sum(n for n, g in members if g in small)
            for n, g in sorted(m for m in members if m[1] not in small and m[1] != parent):
                if pool >= threshold:
                    break
                small.add(g)
                pool += n
            chosen |= small
        lift(chosen, j + 1)
    # Whatever is still rarer than k is fully blank: join the smallest other groups to it.
    current = groups()
    empty = _blank(next(iter(counts)), full) if counts else None
    while empty is not None and 0 < current.get(empty, 0) < threshold:
        others = sorted((n, g) for g, n in current.items() if g != empty)
        if not others:
            break
        lift({others[0][1]}, full)
        current = groups()
    return levels


@dataclass
class NationalExport:
    threshold: int
    rows: int = 0
    # Column → how many values were blanked in it.
    suppressed: dict[str, int] = field(default_factory=dict)
    _levels: dict[Key, int] = field(default_factory=dict, repr=False)
    _records: object = None

    @property
    def summary(self) -> dict:
        return {"standard": "HTCDS 2.0", "threshold": self.threshold, "rows": self.rows,
                "quasi_identifiers": list(QUASI_IDENTIFIER_COLUMNS),
                "generalised": {"months": "year"},
                "suppressed_values": dict(self.suppressed),
                "suppressed_values_total": sum(self.suppressed.values())}

    def records(self) -> Iterator[list[str]]:
        """The published rows as lists of cells, a row at a time (header first): generalised and
        with the planned quasi-identifiers blanked. The CSV and the API both write these."""
        indices = _indices()
        rows = htcds.national_rows(self._records)
        yield next(rows)
        for raw in rows:
            row = _generalise(raw)
            level = self._levels[_key(row, indices)]
            for group in indices[:level]:
                for i in group:
                    row[i] = ""
            yield row

    def lines(self) -> Iterator[str]:
        """The CSV, a line at a time (header first)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in self.records():
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(row)
            yield buffer.getvalue()


def national_export(records=None, *, threshold: int) -> NationalExport:
    """Plan the k-anonymous national dataset (one pass over the records); ``.lines()`` writes it.
    Refuses (ValidationError) a dataset of fewer than ``threshold`` records."""
    check_threshold(threshold)
    records = StatisticalRecord.objects.all() if records is None else records
    indices = _indices()
    counts: Counter = Counter()
    rows = htcds.national_rows(records)
    next(rows)
    for raw in rows:
        counts[_key(_generalise(raw), indices)] += 1
    total = sum(counts.values())
    if total < threshold:
        raise ValidationError(_("The dataset has fewer than %(k)d records: it cannot be published at record level.")
                              % {"k": threshold})
    levels = plan(counts, threshold)
    suppressed: Counter = Counter()
    for key, n in counts.items():
        for j in range(levels[key]):
            for column, cell in zip(QUASI_IDENTIFIERS[j], key[j], strict=True):
                if cell:
                    suppressed[column] += n
    export = NationalExport(threshold=threshold, rows=total, suppressed={c: suppressed.get(c, 0)
                                                                        for c in QUASI_IDENTIFIER_COLUMNS},
                            _levels=levels, _records=records)
    log.info("National HTCDS dataset: %d rows, k=%d, %d values suppressed.", total, threshold,
             sum(suppressed.values()))
    return export


def smallest_group(lines: list[list[str]]) -> int:
    """The auditor's check on an exported file (header first): the fewest rows sharing one
    combination of quasi-identifier cells (0 for a file without rows)."""
    header, *rows = lines
    positions = [header.index(c) for c in QUASI_IDENTIFIER_COLUMNS]
    counts = Counter(tuple(r[i] for i in positions) for r in rows)
    return min(counts.values(), default=0)
