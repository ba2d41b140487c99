"""The disclosure auditor: what can a reader work out from a published table?

It plays the reader. It knows every published cell and total, that rows and columns add up to
their totals and the totals to the grand total, and that counts are not negative. For every
suppressed figure it computes by linear programming (HiGHS, ``scipy.optimize.linprog``) the
smallest and the largest value consistent with all of that. A table passes when

* every published figure is 0 or at least the threshold, and
* every suppressed figure's interval [min, max] is at least ``threshold`` wide.

The sums of a two-way table with its margins form a network (flow conservation), whose
constraint matrix is totally unimodular: the real-valued minimum and maximum are whole numbers
and every whole number between them is possible, so the reals give exactly what a reader who
knows counts are whole numbers would get (ADR 0020e).

It does not know which suppressions were primary (a reader does not either), so it holds every
suppressed figure to the same rule. Used by ``disclosure.protect`` on each table it returns, by
the tests, and by ``manage.py statistics_audit_table``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from .disclosure import SUPPRESSED, Position, ProtectedTable, Structure, check_threshold, is_primary_value

__all__ = ["AuditReport", "audit", "describe", "format_bound", "intervals"]


def intervals(structure: Structure, published: dict[int, float],
              only: Iterable[int] | None = None) -> dict[int, tuple[float, float]]:
    """For each figure not in ``published`` (index → value), or each of ``only``, its feasible [min, max].

    ``max`` is ``math.inf`` when nothing bounds the figure. Raises ``ValueError`` when the
    published figures contradict each other (no table fits them).
    """
    n = len(structure.positions)
    hidden = [k for k in range(n) if k not in published]
    a = structure.matrix()
    shown = [k for k in range(n) if k in published]
    rhs = -a[:, shown] @ np.array([published[k] for k in shown]) if shown else np.zeros(a.shape[0])
    a_hidden = a[:, hidden]
    # Equations that touch no hidden figure only check the published ones add up.
    touching = np.any(a_hidden != 0, axis=1)
    if np.any(np.abs(rhs[~touching]) > 1e-6):
        raise ValueError("The published figures do not add up to the published totals.")
    if not hidden:
        return {}
    a_eq, b_eq = a_hidden[touching], rhs[touching]
    result: dict[int, tuple[float, float]] = {}
    wanted = set(hidden) if only is None else set(only)
    for col, k in enumerate(hidden):
        if k not in wanted:
            continue
        bounds = []
        for sign in (1.0, -1.0):
            c = np.zeros(len(hidden))
            c[col] = sign
            res = linprog(c, A_eq=a_eq if len(b_eq) else None, b_eq=b_eq if len(b_eq) else None,
                          bounds=(0, None), method="highs")
            if res.status == 2:
                raise ValueError("The published figures do not add up to the published totals.")
            if res.status == 3:  # unbounded: only possible when maximising
                bounds.append(math.inf)
            elif res.status != 0:  # pragma: no cover - HiGHS failing on a tiny LP
                raise RuntimeError(f"The auditor's linear programme failed: {res.message}")
            else:
                bounds.append(sign * res.fun)
        result[k] = (bounds[0], bounds[1])
    return result


def describe(table: ProtectedTable, pos: Position) -> str:
    kind = pos[0]
    if kind == "cell":
        return f"cell ({table.row_labels[pos[1]]}, {table.col_labels[pos[2]]})"
    if kind == "row":
        return f"total of row {table.row_labels[pos[1]]}"
    if kind == "col":
        return f"total of column {table.col_labels[pos[1]]}"
    return "grand total"


@dataclass(frozen=True)
class AuditReport:
    threshold: int
    # Suppressed figure → the [min, max] a reader can work out.
    intervals: dict[Position, tuple[float, float]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def audit(table: ProtectedTable, *, threshold: int) -> AuditReport:
    """Check a table as it would be published; see the module's docstring."""
    check_threshold(threshold)
    problems: list[str] = []
    structure = table.structure()
    published: dict[int, float] = {}
    for k, pos in enumerate(structure.positions):
        value = table.value(pos)
        if value is SUPPRESSED:
            continue
        published[k] = float(value)
        if is_primary_value(value, threshold):
            problems.append(f"The {describe(table, pos)} is published as {value}, below the threshold {threshold}.")
    try:
        found = intervals(structure, published)
    except ValueError as exc:
        return AuditReport(threshold, {}, [*problems, str(exc)])
    by_position: dict[Position, tuple[float, float]] = {}
    for k, (low, high) in sorted(found.items()):
        pos = structure.positions[k]
        by_position[pos] = (low, high)
        if high - low < threshold - 1e-6:
            problems.append(f"The suppressed {describe(table, pos)} can be narrowed to "
                            f"{format_bound(low)}–{format_bound(high)}, fewer than {threshold} values apart.")
    return AuditReport(threshold, by_position, problems)


def format_bound(x: float) -> str:
    return "∞" if math.isinf(x) else f"{x:g}"
