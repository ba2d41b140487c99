"""The figures' tables, before and after disclosure control.

A :class:`Table` is what the figures produce: labelled rows and columns of counts, where a cell is
an ``int`` (``0`` means "known none") or ``None`` (unknown: the layout asks for it but the system
does not record it). Totals are computed from the cells, never stored separately, so they can
never disagree with them. :func:`publish` passes it through ``disclosure.protect`` (whose own
``tables.Table`` is the bare grid the suppression and the auditor work on) and turns the result
into a :class:`ProtectedTable`, the only kind that may leave the system (a page for the coordinator, a
CSV, an XLSX, the PDF report, the API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Cell = int | None


class Suppressed:
    """The marker of a suppressed cell or total: shown as "x" (the Eurostat convention)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __str__(self) -> str:
        return "x"

    def __bool__(self) -> bool:
        return False


SUPPRESSED = Suppressed()


def _sum(values) -> Cell:
    """The total of a line: unknown if every cell is unknown, else the sum of the known ones."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


@dataclass
class Table:
    """A two-dimensional table of counts.

    ``rows`` and ``columns`` are the labels (already translated text, in display order);
    ``cells[r][c]`` is the count for row ``r`` and column ``c``: an ``int`` ≥ 0, or ``None`` when
    unknown. ``code`` names the table (for file names and the API); ``title`` and ``note`` are
    what a reader sees above and below it; ``row_codes``/``column_codes`` are the stable codes of
    the labels (for machine-readable exports), defaulting to the labels themselves.
    """

    code: str
    title: str
    rows: list[str]
    columns: list[str]
    cells: list[list[Cell]]
    note: str = ""
    row_codes: list[str] = field(default_factory=list)
    column_codes: list[str] = field(default_factory=list)
    # For a table by country: the cells of one row counting the persons of any of the given row
    # codes (a person exploited in two of them counts once). Without it, rows are added up.
    merge: Callable[[list[str]], list[Cell]] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.rows):
            raise ValueError("A table needs one line of cells per row label.")
        for line in self.cells:
            if len(line) != len(self.columns):
                raise ValueError("A table needs one cell per column label in every row.")
            for value in line:
                if value is not None and (not isinstance(value, int) or value < 0):
                    raise ValueError("A cell is a count (an integer ≥ 0) or None (unknown).")
        self.row_codes = self.row_codes or list(self.rows)
        self.column_codes = self.column_codes or list(self.columns)

    @property
    def row_totals(self) -> list[Cell]:
        return [_sum(line) for line in self.cells]

    @property
    def column_totals(self) -> list[Cell]:
        return [_sum(line[c] for line in self.cells) for c in range(len(self.columns))]

    @property
    def grand_total(self) -> Cell:
        return _sum(v for line in self.cells for v in line)


@dataclass
class ProtectedTable:
    """A table after disclosure control: same labels and shape as the :class:`Table` it came from.

    ``cells``, ``row_totals``, ``column_totals`` and ``grand_total`` hold a value (``int`` or
    ``None`` for unknown) or :data:`SUPPRESSED`. ``suppressed`` lists the suppressed cells as
    ``(row, column)`` positions (primary and complementary together); ``threshold`` is the one
    applied. ``noisy`` is true when the counts carry differential-privacy noise and must be
    labelled so.
    """

    code: str
    title: str
    rows: list[str]
    columns: list[str]
    cells: list[list[object]]
    row_totals: list[object]
    column_totals: list[object]
    grand_total: object
    suppressed: list[tuple[int, int]]
    threshold: int
    note: str = ""
    row_codes: list[str] = field(default_factory=list)
    column_codes: list[str] = field(default_factory=list)
    noisy: bool = False

    @classmethod
    def unprotected(cls, table: Table) -> ProtectedTable:
        """The table as it is, for a provider reading its own organisation's figures (no suppression)."""
        return cls(code=table.code, title=table.title, rows=list(table.rows), columns=list(table.columns),
                   cells=[list(line) for line in table.cells], row_totals=table.row_totals,
                   column_totals=table.column_totals, grand_total=table.grand_total, suppressed=[],
                   threshold=0, note=table.note, row_codes=list(table.row_codes),
                   column_codes=list(table.column_codes))


def publish(table: Table, *, threshold: int) -> ProtectedTable:
    """The table protected for publication by ``disclosure.protect`` — primary and
    complementary suppression, checked by the auditor before it is returned (ADR 0020e) — and
    carried back into this layout with its codes and note. Solved once per table and threshold:
    the hidden positions are kept in the cache (``protection_cache``).

    Totals follow ``disclosure``: a total over an unknown cell is unknown and is not published."""
    from . import disclosure, protection_cache, tables

    if not table.rows or not table.columns:
        return ProtectedTable.unprotected(table)
    protected = protection_cache.protect(
        tables.Table(title=table.title, row_labels=list(table.rows), col_labels=list(table.columns),
                     cells=[list(line) for line in table.cells]),
        threshold=threshold,
    )

    def back(value):
        return SUPPRESSED if value is disclosure.SUPPRESSED else value

    return ProtectedTable(
        code=table.code, title=table.title, rows=list(table.rows), columns=list(table.columns),
        cells=[[back(v) for v in line] for line in protected.cells],
        row_totals=[back(v) for v in protected.row_totals],
        column_totals=[back(v) for v in protected.col_totals],
        grand_total=back(protected.grand_total),
        suppressed=sorted((p[1], p[2]) for p in protected.suppressed if p[0] == "cell"),
        threshold=threshold, note=table.note, row_codes=list(table.row_codes),
        column_codes=list(table.column_codes),
    )


# Tables whose row labels are countries: a published one never names a country whose count is
# suppressed (the label alone would say someone of that nationality, or exploited there, was
# counted). Such countries are counted together in one row, OTHER_COUNTRIES.
COUNTRY_TABLES = ("citizenship_country", "exploitation_country")
OTHER_COUNTRIES = "other_countries"
NOT_COUNTRIES = ("unknown", OTHER_COUNTRIES)


def _merged(table: Table, codes: list[str]) -> Table:
    """The table with the rows of ``codes`` counted together in one "other countries" row, placed
    before the "not recorded" row."""
    from django.utils.translation import gettext as _

    if table.merge is not None:
        other = table.merge(list(codes))
    else:
        lines = [line for line, code in zip(table.cells, table.row_codes, strict=True) if code in codes]
        other = [_sum(line[c] for line in lines) if lines else 0 for c in range(len(table.columns))]
    keep = [i for i, code in enumerate(table.row_codes) if code not in codes and code != "unknown"]
    unknown = [i for i, code in enumerate(table.row_codes) if code == "unknown"]
    rows = [table.rows[i] for i in keep] + [_("Other countries")] + [table.rows[i] for i in unknown]
    row_codes = [table.row_codes[i] for i in keep] + [OTHER_COUNTRIES] + [table.row_codes[i] for i in unknown]
    cells = [list(table.cells[i]) for i in keep] + [list(other)] + [list(table.cells[i]) for i in unknown]
    note = " ".join(filter(None, [table.note, _("Countries with few persons are counted together under "
                                                "“Other countries”, so that no country is named for them.")]))
    return Table(code=table.code, title=table.title, rows=rows, columns=list(table.columns), cells=cells,
                 note=note, row_codes=row_codes, column_codes=list(table.column_codes), merge=table.merge)


def _naming_rows(protected: ProtectedTable) -> list[int]:
    """Rows that name a country but must not: a suppressed figure in the row, or nobody counted in
    it (a country on the list only because someone of the period's records had it)."""
    out = []
    for i, code in enumerate(protected.row_codes):
        if code in NOT_COUNTRIES:
            continue
        line = [*protected.cells[i], protected.row_totals[i]]
        if any(v is SUPPRESSED for v in line) or not protected.row_totals[i]:
            out.append(i)
    return out


def country_label_problems(protected: ProtectedTable) -> list[str]:
    """The auditor's check on a published table by country: every country it names has all its
    figures published (and someone counted). An empty list when the table passes."""
    if protected.code not in COUNTRY_TABLES:
        return []
    return [f"The row {protected.rows[i]!r} names a country whose count is suppressed or empty."
            for i in _naming_rows(protected)]


def publish_by_country(table: Table, *, threshold: int) -> ProtectedTable:
    """``publish`` for a table by country: a country whose row would carry a suppressed figure
    (or no one) joins "Other countries", and the table is protected again, until every country
    it names has its count published."""
    merged: list[str] = []
    current = table
    for _round in range(len(table.rows) + 1):
        protected = publish(current, threshold=threshold)
        naming = _naming_rows(protected)
        if not naming:
            return protected
        merged += [current.row_codes[i] for i in naming]
        current = _merged(table, merged)
    raise RuntimeError("Merging countries did not converge.")  # pragma: no cover - each round merges one more
