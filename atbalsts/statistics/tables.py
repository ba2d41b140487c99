"""A two-way table of counts, the unit that disclosure control protects and reports publish.

``cells[i][j]`` is the count for row ``i`` and column ``j``: ``0`` means "known none" (printed
as 0), ``None`` means "unknown" (printed blank), as Eurostat's data collection asks.

Totals are computed, never stored, so they always agree with the cells. A total that includes
an unknown cell is itself unknown (``None``): printing the sum of the known cells as if it were
the total would understate it, and a reader could not tell. Because such a total is never
published, it also gives no equation a reader could use to recover a suppressed cell.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_CELL", "MAX_DIMENSION", "Table", "TableError"]

# Upper bounds: Latvia identifies tens of victims a year; the benchmark goes to a million persons.
MAX_CELL = 10_000_000
MAX_DIMENSION = 500


class TableError(ValueError):
    """The table is malformed (ragged rows, negative or huge counts, too many rows)."""


def _sum(values: list[int | None]) -> int | None:
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


@dataclass(frozen=True)
class Table:
    title: str
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[int | None]]  # None = unknown (printed blank); 0 = known none

    def __post_init__(self) -> None:
        if not self.row_labels or not self.col_labels:
            raise TableError("A table needs at least one row and one column.")
        if len(self.row_labels) > MAX_DIMENSION or len(self.col_labels) > MAX_DIMENSION:
            raise TableError(f"A table may have at most {MAX_DIMENSION} rows and {MAX_DIMENSION} columns.")
        if len(self.cells) != len(self.row_labels):
            raise TableError(f"{len(self.row_labels)} row labels but {len(self.cells)} rows of cells.")
        for i, row in enumerate(self.cells):
            if len(row) != len(self.col_labels):
                raise TableError(f"Row {i + 1} has {len(row)} cells; the table has {len(self.col_labels)} columns.")
            for v in row:
                if v is None:
                    continue
                if isinstance(v, bool) or not isinstance(v, int):
                    raise TableError(f"Row {i + 1}: a count must be a whole number, not {v!r}.")
                if v < 0 or v > MAX_CELL:
                    raise TableError(f"Row {i + 1}: a count must be between 0 and {MAX_CELL}, not {v}.")

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_labels), len(self.col_labels)

    def row_totals(self) -> list[int | None]:
        return [_sum(row) for row in self.cells]

    def col_totals(self) -> list[int | None]:
        return [_sum([row[j] for row in self.cells]) for j in range(len(self.col_labels))]

    def grand_total(self) -> int | None:
        return _sum([v for row in self.cells for v in row])
