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
counts, and the file is written in a second pass a line at a time. The counts come from the
database: one grouped query over the values the quasi-identifiers are made of (the year the case
opened, sex, age band, citizenship group, the two lists), streamed, each group mapped to its
cells in Python and added up (two lists that map to the same cells are one combination). In
memory each combination is one integer (``_Codes``: a small number per quasi-identifier, 0 for
blank, packed with the first quasi-identifier highest, so blanking the first j of them is a
mask), not a tuple of strings; at 1,000,000 records that is the difference between about 400 and
well under 200 MB. ``plan`` does the same on either form of key: ties are broken on the cells
themselves, so both give the same suppression.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Count, F, TextField
from django.db.models.functions import Cast, ExtractYear
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


def _generalise(row: list[str], months: tuple[int, ...] | None = None) -> list[str]:
    """Months become years ("2026-05-01" → "2026"). ``months``: the month columns, if known."""
    out = list(row)
    for i in _month_columns() if months is None else months:
        out[i] = out[i][:4]
    return out


def _indices() -> tuple[tuple[int, ...], ...]:
    header = htcds.export_header()
    return tuple(tuple(header.index(c) for c in group) for group in QUASI_IDENTIFIERS)


def _key(row: list[str], indices) -> Key:
    return tuple(tuple(row[i] for i in group) for group in indices)


def _blank(key: Key, level: int) -> Key:
    return tuple(tuple("" for _c in group) if j < level else group for j, group in enumerate(key))


# Bits of a packed key per quasi-identifier: at most 2**24 distinct cells of one quasi-identifier
# (a register has thousands; a million synthetic records have a few hundred).
_BITS = 24
_FULL = len(QUASI_IDENTIFIERS)
# PostgreSQL's memory for grouping the records by their quasi-identifiers' values (one query, this
# transaction only): 350,000 groups of a million synthetic records take about 75 MB.
GROUPING_WORK_MEM = "128MB"


class _Codes:
    """Each quasi-identifier's cells as a small number (0 = blank) and a combination of them as
    one integer, the first quasi-identifier in the highest bits; and back."""

    def __init__(self) -> None:
        self.cells: list[list[tuple[str, ...]]] = [[tuple("" for _c in group)] for group in QUASI_IDENTIFIERS]
        self.codes: list[dict[tuple[str, ...], int]] = [{cells[0]: 0} for cells in self.cells]

    def code(self, j: int, cells: tuple[str, ...]) -> int:
        """The number of the ``j``-th quasi-identifier's cells (a new one if they are new)."""
        codes = self.codes[j]
        code = codes.get(cells)
        if code is None:
            code = len(self.cells[j])
            if code >= 1 << _BITS:
                raise ValueError("Too many distinct values of one quasi-identifier to plan the dataset.")
            codes[cells] = code
            self.cells[j].append(cells)
        return code

    def encode(self, key: Key) -> int:
        packed = 0
        for j, cells in enumerate(key):
            packed = (packed << _BITS) | self.code(j, cells)
        return packed

    def find(self, key: Key) -> int | None:
        """The packed key of cells already seen, None if one of them was not."""
        packed = 0
        for j, cells in enumerate(key):
            code = self.codes[j].get(cells)
            if code is None:
                return None
            packed = (packed << _BITS) | code
        return packed

    def decode(self, packed: int) -> Key:
        mask = (1 << _BITS) - 1
        return tuple(self.cells[j][(packed >> (_BITS * (_FULL - 1 - j))) & mask] for j in range(_FULL))

    @staticmethod
    def blank(packed: int, level: int) -> int:
        return packed & ((1 << (_BITS * (_FULL - level))) - 1)


def _to_lift(by_parent: dict, current: dict, threshold: int, smallest) -> set:
    """One step of the plan, the same for both forms of key: under each parent (the groups that
    differ only in the quasi-identifier being generalised), the groups rarer than ``threshold``,
    joined by the smallest of their siblings until the merged group reaches it."""
    chosen: set = set()
    for parent, members in by_parent.items():
        small = {g for n, g in members if n < threshold and g != parent}
        if not small:
            continue
        pool = current.get(parent, 0) + sum(n for n, g in members if g in small)
        for n, g in sorted((m for m in members if m[1] not in small and m[1] != parent), key=smallest):
            if pool >= threshold:
                break
            small.add(g)
            pool += n
        chosen |= small
    return chosen


def plan(counts: Counter, threshold: int, *, blank=_blank, order=None) -> dict[Key, int]:
    """For each combination of quasi-identifier cells, how many quasi-identifiers (in the order of
    ``QUASI_IDENTIFIERS``) its rows lose so that every combination left occurs ≥ threshold times.

    Quasi-identifier by quasi-identifier: the combinations rarer than k lose its value; when
    those, with the rows already blank there, are still fewer than k, the smallest combinations
    that differ from them only in that value lose it too (a rare country joins the others with
    their country blanked, rather than losing the citizenship as well).

    Keys are tuples of cells (``blank`` is ``_blank``), or packed integers with ``_Codes.blank``
    and ``order=_Codes.decode``: among groups of equal size the one whose cells sort first is
    taken, whatever the form of the key."""
    check_threshold(threshold)
    full = len(QUASI_IDENTIFIERS)
    order = order or (lambda key: key)

    def smallest(pair: tuple[int, Key]):
        return pair[0], order(pair[1])
    levels = dict.fromkeys(counts, 0)

    def groups() -> Counter:
        out: Counter = Counter()
        for key, n in counts.items():
            out[blank(key, levels[key])] += n
        return out

    def lift(chosen: set[Key], level: int) -> None:
        for key in levels:
            if blank(key, levels[key]) in chosen:
                levels[key] = max(levels[key], level)

    for j in range(full):
        current = groups()
        by_parent: dict[Key, list[tuple[int, Key]]] = {}
        for g, n in current.items():
            if g == blank(g, j):  # the quasi-identifiers before this one are blank already
                by_parent.setdefault(blank(g, j + 1), []).append((n, g))
        lift(_to_lift(by_parent, current, threshold, smallest), j + 1)
    # Whatever is still rarer than k is fully blank: join the smallest other groups to it.
    current = groups()
    empty = blank(next(iter(counts)), full) if counts else None
    while empty is not None and 0 < current.get(empty, 0) < threshold:
        others = [(n, g) for g, n in current.items() if g != empty]
        if not others:
            break
        lift({min(others, key=smallest)[1]}, full)
        current = groups()
    return levels


def _plan_packed(counts: Counter, threshold: int, order) -> dict[int, int]:
    """``plan`` on packed keys (``_Codes``), step for step, with two savings that matter at a
    million records: blanking is a mask, and the groups are kept up to date as combinations are
    lifted instead of being counted again from every combination at each step. The tests compare
    it with ``plan`` on the cells."""
    check_threshold(threshold)
    masks = [(1 << (_BITS * (_FULL - level))) - 1 for level in range(_FULL + 1)]
    levels = dict.fromkeys(counts, 0)
    current: Counter = Counter(counts)  # group → rows; at first every combination is its own group

    def smallest(pair: tuple[int, int]):
        return pair[0], order(pair[1])

    def lift(chosen: set[int], level: int) -> None:
        mask = masks[level]
        for key, old in levels.items():
            if old < level:
                group = key & masks[old]
                if group in chosen:
                    levels[key] = level
                    n = counts[key]
                    left = current[group] - n
                    if left:
                        current[group] = left
                    else:
                        del current[group]
                    current[key & mask] += n

    for j in range(_FULL):
        blank_before, parent_mask = masks[j], masks[j + 1]
        by_parent: dict[int, list[tuple[int, int]]] = {}
        for g, n in current.items():
            if g <= blank_before:  # the quasi-identifiers before this one are blank already
                by_parent.setdefault(g & parent_mask, []).append((n, g))
        chosen = _to_lift(by_parent, current, threshold, smallest)
        del by_parent
        lift(chosen, j + 1)
    # Whatever is still rarer than k is fully blank (0): join the smallest other groups to it.
    while counts and 0 < current.get(0, 0) < threshold:
        others = [(n, g) for g, n in current.items() if g != 0]
        if not others:
            break
        lift({min(others, key=smallest)[1]}, _FULL)
    return levels


@dataclass
class NationalExport:
    threshold: int
    rows: int = 0
    # Column → how many values were blanked in it.
    suppressed: dict[str, int] = field(default_factory=dict)
    # Packed combination (``_codes``) → how many quasi-identifiers its rows lose.
    _levels: dict[int, int] = field(default_factory=dict, repr=False)
    _codes: _Codes = field(default_factory=_Codes, repr=False)
    _records: object = None

    @property
    def summary(self) -> dict:
        return {"standard": "HTCDS 2.0", "threshold": self.threshold, "rows": self.rows,
                "quasi_identifiers": list(QUASI_IDENTIFIER_COLUMNS),
                "generalised": {"months": "year"},
                "suppressed_values": dict(self.suppressed),
                "suppressed_values_total": sum(self.suppressed.values())}

    def levels(self) -> dict[Key, int]:
        """The plan with the combinations as cells (for checks; the export itself uses the
        packed keys)."""
        return {self._codes.decode(packed): level for packed, level in self._levels.items()}

    def records(self) -> Iterator[list[str]]:
        """The published rows as lists of cells, a row at a time (header first): generalised and
        with the planned quasi-identifiers blanked. The CSV and the API both write these. A row
        whose combination was not counted when the plan was made (a record written in between)
        loses every quasi-identifier."""
        indices, months = _indices(), _month_columns()
        rows = htcds.national_rows(self._records)
        yield next(rows)
        for raw in rows:
            row = _generalise(raw, months)
            packed = self._codes.find(_key(row, indices))
            level = _FULL if packed is None else self._levels.get(packed, _FULL)
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


def _source_fields() -> dict[str, bool]:
    """The record's fields the quasi-identifiers are made of → whether only their year counts."""
    out: dict[str, bool] = {}
    for column in htcds.columns("htcds"):
        if column["column"] in QUASI_IDENTIFIER_COLUMNS and column["field"]:
            out[column["field"]] = column["kind"] == "month"
    return out


def count_combinations(records, codes: _Codes) -> Counter:
    """Records per combination of quasi-identifier cells (packed by ``codes``), counted in the
    database: one grouped query over the values the cells are made of (the JSON lists as their
    text, a month as its year), read a chunk at a time. Each distinct value is mapped to its cells
    once (``htcds.export_row``, then generalised) and remembered by its text. On PostgreSQL the
    query gets enough ``work_mem`` to group in memory (a hash of the groups instead of a sort of
    every record spilled to disk), for this transaction only."""
    fields = _source_fields()
    json_fields = {name for name in fields
                   if StatisticalRecord._meta.get_field(name).get_internal_type() == "JSONField"}
    read = {f"_q_{name}": (ExtractYear(name) if year_only else Cast(name, TextField()) if name in json_fields
                           else F(name)) for name, year_only in fields.items()}
    spec = htcds.columns("htcds")
    indices = _indices()
    made_of = [tuple(dict.fromkeys(f"_q_{spec[i]['field']}" for i in group)) for group in indices]
    memo: list[dict[object, int]] = [{} for _group in indices]

    def value(alias: str, found: object):
        name = alias[len("_q_"):]
        if found is None:
            return None
        if fields[name]:
            return datetime.date(int(found), 1, 1)
        return json.loads(found) if name in json_fields else found

    counts: Counter = Counter()
    grouped = records.order_by().values(**read).annotate(_n=Count("*")).order_by()
    with transaction.atomic(using=grouped.db):
        connection = connections[grouped.db]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # A cursor is planned for its first rows unless told that all of them will be read.
                cursor.execute("SELECT set_config('work_mem', %s, true), "
                               "set_config('cursor_tuple_fraction', '1', true)", [GROUPING_WORK_MEM])
        for found in grouped.iterator(chunk_size=htcds.CHUNK):
            packed = 0
            for j, aliases in enumerate(made_of):
                raw = tuple(found[a] for a in aliases)
                code = memo[j].get(raw)
                if code is None:
                    row = _generalise(htcds.export_row({a[len("_q_"):]: value(a, found[a]) for a in aliases}))
                    code = memo[j][raw] = codes.code(j, tuple(row[i] for i in indices[j]))
                packed = (packed << _BITS) | code
            counts[packed] += found["_n"]
    return counts


def national_export(records=None, *, threshold: int) -> NationalExport:
    """Plan the k-anonymous national dataset (the combinations counted in the database);
    ``.lines()`` writes it. Refuses (ValidationError) a dataset of fewer than ``threshold``
    records."""
    check_threshold(threshold)
    records = StatisticalRecord.objects.all() if records is None else records
    codes = _Codes()
    counts = count_combinations(records, codes)
    total = sum(counts.values())
    if total < threshold:
        raise ValidationError(_("The dataset has fewer than %(k)d records: it cannot be published at record level.")
                              % {"k": threshold})
    levels = _plan_packed(counts, threshold, codes.decode)
    suppressed: Counter = Counter()
    for packed, n in counts.items():
        level = levels[packed]
        if not level:
            continue
        key = codes.decode(packed)
        for j in range(level):
            for column, cell in zip(QUASI_IDENTIFIERS[j], key[j], strict=True):
                if cell:
                    suppressed[column] += n
    export = NationalExport(threshold=threshold, rows=total, suppressed={c: suppressed.get(c, 0)
                                                                        for c in QUASI_IDENTIFIER_COLUMNS},
                            _levels=levels, _codes=codes, _records=records)
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
