"""PLACEHOLDER written by the `figures` helper so the figures can run before the merge.

The `disclosure` helper owns this module (primary and complementary suppression, the auditor,
differential privacy); at merge the lead takes that version and drops this one. Only the
interface is relied on: ``protect(table, *, threshold) -> ProtectedTable``.

This stand-in does primary suppression only (a count from 1 to threshold - 1, and any total
below the threshold) — NOT safe for publication: it lacks complementary suppression.
"""

from __future__ import annotations

from .tables import SUPPRESSED, ProtectedTable, Table


def _small(value, threshold: int) -> bool:
    return value is not None and 0 < value < threshold


def protect(table: Table, *, threshold: int) -> ProtectedTable:
    suppressed = [(r, c) for r, line in enumerate(table.cells) for c, v in enumerate(line) if _small(v, threshold)]
    hidden = set(suppressed)
    cells = [[SUPPRESSED if (r, c) in hidden else v for c, v in enumerate(line)] for r, line in enumerate(table.cells)]

    def total(value):
        return SUPPRESSED if _small(value, threshold) else value

    return ProtectedTable(
        code=table.code, title=table.title, rows=list(table.rows), columns=list(table.columns), cells=cells,
        row_totals=[total(v) for v in table.row_totals], column_totals=[total(v) for v in table.column_totals],
        grand_total=total(table.grand_total), suppressed=suppressed, threshold=threshold, note=table.note,
        row_codes=list(table.row_codes), column_codes=list(table.column_codes),
    )
