"""Disclosure control for tables that leave the system: primary and complementary suppression.

``protect(table, threshold=k)`` returns a :class:`ProtectedTable` of the same shape in which

* every published count is 0 or at least ``k`` (primary suppression hides 1 … k-1, in the cells
  and in the row, column and grand totals), and
* every suppressed figure stays uncertain: whatever a reader combines from the published cells
  and totals, the values it could still have span an interval at least ``k`` wide
  (complementary, or secondary, suppression).

Zero is published. "Known none" says that nobody is in a group, so it points at nobody; the
risk that threshold rules guard against is a *small positive* count, which a reader might link
to someone they know. (A zero can still say something about the others of a row, e.g. "none of
the 12 was a man": that is a statement about a group of at least ``k``, which is what the
threshold allows.) Unknown cells (``None``) stay blank, and so does every total that contains
one (see ``tables.py``).

The complementary cells are chosen by a mixed-integer programme solved with HiGHS
(``scipy.optimize.milp``); ``auditor.audit`` checks the result independently by linear
programming, and ``protect`` refuses to return a table that fails it. The formulation and the
reasons are in docs/adr/0020e-disclosure-control.md.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from atbalsts.policy.disclosure import MAX_THRESHOLD

from .tables import Table

__all__ = [
    "SUPPRESSED",
    "SUPPRESSED_SYMBOL",
    "DisclosureError",
    "Position",
    "ProtectedTable",
    "Structure",
    "is_primary_value",
    "protect",
    "with_suppressed",
]

# The symbol printed for a suppressed figure. Tau-Argus and many national statistics offices
# print "x" for "confidential"; Eurostat's own flag is "c". Callers may pass another symbol.
SUPPRESSED_SYMBOL = "x"

# A position in a table: ("cell", i, j), ("row", i), ("col", j) or ("grand",).
Position = tuple


class _Suppressed(enum.Enum):
    SUPPRESSED = "suppressed"

    def __repr__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED = _Suppressed.SUPPRESSED

# Above this many continuous variables the joint programme is split into one programme per
# protected figure (each one still exact; see ``_solve``). Also a time limit per solve, seconds.
_JOINT_LIMIT = 12_000
_TIME_LIMIT = 20.0


class DisclosureError(ValueError):
    """The table cannot be protected (bad threshold) or the result failed the audit."""


def is_primary_value(value: int, threshold: int) -> bool:
    """A published figure must be 0 (known none) or at least ``threshold``."""
    return 0 < value < threshold


def check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= MAX_THRESHOLD:
        raise DisclosureError(f"The threshold must be a whole number from 1 to {MAX_THRESHOLD}, not {threshold!r}.")


@dataclass(frozen=True)
class Structure:
    """The figures of a table a reader could know and the sums that tie them together.

    ``positions`` lists every known figure (cells and totals that are not ``None``) once;
    each equation is a list of (index into positions, coefficient) whose sum is 0. Together with
    "counts are not negative" these are all a reader of one table knows.
    """

    positions: tuple[Position, ...]
    equations: tuple[tuple[tuple[int, int], ...], ...]

    @classmethod
    def of(cls, n_rows: int, n_cols: int, known: Iterable[Position]) -> Structure:
        positions = tuple(known)
        index = {p: k for k, p in enumerate(positions)}
        equations: list[tuple[tuple[int, int], ...]] = []
        # A total is known only if all its cells are, so every equation below is complete.
        for i in range(n_rows):
            if ("row", i) in index:
                equations.append(tuple([(index[("cell", i, j)], 1) for j in range(n_cols)]
                                       + [(index[("row", i)], -1)]))
        for j in range(n_cols):
            if ("col", j) in index:
                equations.append(tuple([(index[("cell", i, j)], 1) for i in range(n_rows)]
                                       + [(index[("col", j)], -1)]))
        if ("grand",) in index:
            g = index[("grand",)]
            equations.append(tuple([(index[("row", i)], 1) for i in range(n_rows)] + [(g, -1)]))
            equations.append(tuple([(index[("col", j)], 1) for j in range(n_cols)] + [(g, -1)]))
        return cls(positions, tuple(equations))

    def matrix(self) -> np.ndarray:
        a = np.zeros((len(self.equations), len(self.positions)))
        for r, eq in enumerate(self.equations):
            for k, coef in eq:
                a[r, k] = coef
        return a


def _table_figures(table: Table) -> dict[Position, int]:
    """Every known figure of the table, cells then totals."""
    figures: dict[Position, int] = {}
    for i, row in enumerate(table.cells):
        for j, v in enumerate(row):
            if v is not None:
                figures[("cell", i, j)] = v
    for i, v in enumerate(table.row_totals()):
        if v is not None:
            figures[("row", i)] = v
    for j, v in enumerate(table.col_totals()):
        if v is not None:
            figures[("col", j)] = v
    grand = table.grand_total()
    if grand is not None:
        figures[("grand",)] = grand
    return figures


@dataclass(frozen=True)
class ProtectedTable:
    """A table ready to publish: each figure an ``int``, ``SUPPRESSED`` or ``None`` (unknown)."""

    title: str
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[int | _Suppressed | None]]
    row_totals: list[int | _Suppressed | None]
    col_totals: list[int | _Suppressed | None]
    grand_total: int | _Suppressed | None
    threshold: int
    primary: frozenset[Position] = field(default_factory=frozenset)
    secondary: frozenset[Position] = field(default_factory=frozenset)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_labels), len(self.col_labels)

    @property
    def suppressed(self) -> frozenset[Position]:
        return self.primary | self.secondary

    def value(self, pos: Position) -> int | _Suppressed | None:
        kind = pos[0]
        if kind == "cell":
            return self.cells[pos[1]][pos[2]]
        if kind == "row":
            return self.row_totals[pos[1]]
        if kind == "col":
            return self.col_totals[pos[1]]
        return self.grand_total

    def marker(self, pos: Position) -> str:
        """"primary", "secondary" or "" — for the statistician's own view, never for publication."""
        if pos in self.primary:
            return "primary"
        if pos in self.secondary:
            return "secondary"
        return ""

    def positions(self) -> list[Position]:
        n_rows, n_cols = self.shape
        return ([("cell", i, j) for i in range(n_rows) for j in range(n_cols)]
                + [("row", i) for i in range(n_rows)] + [("col", j) for j in range(n_cols)] + [("grand",)])

    def structure(self) -> Structure:
        return Structure.of(*self.shape, (p for p in self.positions() if self.value(p) is not None))

    def rows(self, *, symbol: str = SUPPRESSED_SYMBOL, total_label: str = "Total",
             corner: str = "") -> list[list[str | int]]:
        """The table as rows for CSV or XLSX: a header, one row per row label, then the totals.

        Counts stay ``int`` (so a spreadsheet can add them), a suppressed figure is ``symbol``,
        an unknown one an empty string. Which suppression was primary is not shown: a reader who
        knew it would know which cells are the small ones.
        """
        def show(v: int | _Suppressed | None) -> str | int:
            if v is SUPPRESSED:
                return symbol
            return "" if v is None else v

        out: list[list[str | int]] = [[corner, *self.col_labels, total_label]]
        for i, label in enumerate(self.row_labels):
            out.append([label, *(show(v) for v in self.cells[i]), show(self.row_totals[i])])
        out.append([total_label, *(show(v) for v in self.col_totals), show(self.grand_total)])
        return out


def _cost(pos: Position, value: int) -> float:
    # Information lost: the persons hidden plus one per figure, so of two equal choices the one
    # with fewer figures wins. Totals cost a little more: readers use them most.
    return value + 1.0 + (0.5 if pos[0] != "cell" else 0.0)


def _solve(structure: Structure, values: np.ndarray, costs: np.ndarray, targets: Sequence[int],
           fixed: set[int], threshold: int) -> set[int] | None:
    """Cheapest set of figures to suppress so that each target's feasible interval is ≥ threshold.

    For every target t the programme carries two witness tables y⁺ and y⁻: both satisfy every
    equation, both agree with the true table on every figure left published, and
    y⁺[t] − y⁻[t] ≥ threshold. A witness may differ from the truth on a suppressed figure by at
    most ``threshold`` (the big-M): in a two-way table with margins the sums form a network,
    and any feasible change decomposes into cycles each moving every figure on it by the same
    amount, so a change of ``threshold`` at t never needs more than that anywhere else.
    Whatever the bound, a solution is correct: its witnesses are real tables a reader cannot
    rule out. Returns the suppressed indices, or None if HiGHS found no solution in time.
    """
    n = len(structure.positions)
    a_eq = sparse.csr_matrix(structure.matrix())
    m = a_eq.shape[0]
    n_targets = len(targets)
    n_vars = n + 2 * n_targets * n
    k = float(threshold)
    eye = sparse.identity(n, format="csr")
    zeros_n = sparse.csr_matrix((n, n))
    zeros_m = sparse.csr_matrix((m, n))

    blocks: list[list] = []
    lo: list[np.ndarray] = []
    hi: list[np.ndarray] = []

    def row(first: sparse.spmatrix, copy: int, part: sparse.spmatrix, empty: sparse.spmatrix) -> list:
        return [first] + [part if c == copy else empty for c in range(2 * n_targets)]

    for ti in range(n_targets):
        for side in (0, 1):
            copy = 2 * ti + side
            # The witness satisfies every equation.
            if m:
                blocks.append(row(zeros_m, copy, a_eq, zeros_m))
                lo.append(np.zeros(m))
                hi.append(np.zeros(m))
            # y − k·s ≤ a  and  y + min(a, k)·s ≥ a: a published figure (s = 0) keeps y = a.
            blocks.append(row(-k * eye, copy, eye, zeros_n))
            lo.append(np.full(n, -np.inf))
            hi.append(values)
            blocks.append(row(sparse.diags(np.minimum(values, k)), copy, eye, zeros_n))
            lo.append(values)
            hi.append(np.full(n, np.inf))
    gaps = sparse.lil_matrix((n_targets, n_vars))
    for ti, t in enumerate(targets):
        gaps[ti, n + 2 * ti * n + t] = 1.0
        gaps[ti, n + (2 * ti + 1) * n + t] = -1.0
    matrix = sparse.vstack([sparse.bmat(blocks, format="csr"), gaps.tocsr()], format="csr")
    lo.append(np.full(n_targets, k))
    hi.append(np.full(n_targets, np.inf))

    lower = np.zeros(n_vars)
    upper = np.full(n_vars, np.inf)
    upper[:n] = 1.0
    for idx in fixed | set(targets):
        lower[idx] = 1.0
    integrality = np.zeros(n_vars)
    integrality[:n] = 1
    objective = np.zeros(n_vars)
    objective[:n] = costs

    result = milp(
        objective,
        constraints=LinearConstraint(matrix, np.concatenate(lo), np.concatenate(hi)),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"time_limit": _TIME_LIMIT, "disp": False},
    )
    if result.x is None:
        return None
    return {idx for idx in range(n) if result.x[idx] > 0.5}


def _protect_targets(structure: Structure, values: np.ndarray, costs: np.ndarray, targets: list[int],
                     suppressed: set[int], threshold: int) -> set[int]:
    """Add complementary suppressions until every target is protected."""
    if not targets:
        return suppressed
    n = len(structure.positions)
    if 2 * len(targets) * n <= _JOINT_LIMIT:
        found = _solve(structure, values, costs, targets, suppressed, threshold)
        if found is not None:
            return suppressed | found
    # One target at a time, keeping what earlier ones suppressed. Hiding more figures only
    # widens every interval, so a target protected in its turn stays protected.
    from .auditor import narrow

    for t in targets:
        published = {k: values[k] for k in range(n) if k not in suppressed}
        if t not in narrow(structure, published, threshold, only=[t], known=values):
            continue  # already protected by what earlier targets hid
        found = _solve(structure, values, costs, [t], suppressed, threshold)
        # No solution in time: hide every non-zero figure (nothing then bounds a suppressed one).
        suppressed = suppressed | (found if found is not None else {i for i in range(n) if values[i] > 0})
    return suppressed


def protect(table: Table, *, threshold: int) -> ProtectedTable:
    """Suppress what must not be published; see the module's docstring."""
    from .auditor import narrow  # the auditor imports this module's Structure

    check_threshold(threshold)
    figures = _table_figures(table)
    structure = Structure.of(*table.shape, figures)
    values = np.array([float(figures[p]) for p in structure.positions])
    costs = np.array([_cost(p, figures[p]) for p in structure.positions])

    primary = {k for k, p in enumerate(structure.positions) if is_primary_value(figures[p], threshold)}
    suppressed = set(primary)
    # Each round protects the suppressed figures a reader could still narrow: first the small
    # ones that do not already hide each other, then any complement left too narrow (the
    # auditor holds every suppressed figure to the rule: a reader cannot tell them apart).
    # After each round the auditor checks the table as it would be published; what it finds
    # too narrow is the next round's work, and a table is returned only once it passes.
    from .auditor import audit

    index = {p: k for k, p in enumerate(structure.positions)}
    published = {k: values[k] for k in range(len(values)) if k not in suppressed}
    too_narrow = list(narrow(structure, published, threshold, known=values))
    for _round in range(len(structure.positions) + 1):
        if too_narrow:
            suppressed = _protect_targets(structure, values, costs, too_narrow, suppressed, threshold)
        protected = _published(table, structure, suppressed, primary, threshold)
        report = audit(protected, threshold=threshold, every_interval=False)
        if report.ok:
            return protected
        too_narrow = [index[p] for p in report.intervals if index[p] in suppressed]
        if not too_narrow:  # pragma: no cover - a defect in this module, never a user's error
            raise DisclosureError("The protected table failed the disclosure audit: " + "; ".join(report.problems))
    raise DisclosureError("Complementary suppression did not converge.")  # pragma: no cover


def with_suppressed(table: Table, *, threshold: int, primary: Iterable[Position],
                    secondary: Iterable[Position]) -> ProtectedTable:
    """The table with the figures a previous ``protect`` of the very same table and threshold
    hid, hidden again (the cache in ``protection_cache``): no programme is solved.

    Raises ``DisclosureError`` if the positions are not the table's, or if a figure that primary
    suppression must hide is not among them."""
    check_threshold(threshold)
    figures = _table_figures(table)
    structure = Structure.of(*table.shape, figures)
    index = {p: k for k, p in enumerate(structure.positions)}
    primary, secondary = [tuple(p) for p in primary], [tuple(p) for p in secondary]
    if any(p not in index for p in [*primary, *secondary]):
        raise DisclosureError("The suppressed positions are not the table's.")
    must_hide = {k for k, p in enumerate(structure.positions) if is_primary_value(figures[p], threshold)}
    hide_primary = {index[p] for p in primary}
    if hide_primary != must_hide:
        raise DisclosureError("The suppressed positions do not hide the table's small figures.")
    return _published(table, structure, hide_primary | {index[p] for p in secondary}, hide_primary, threshold)


def _published(table: Table, structure: Structure, suppressed: set[int], primary: set[int],
               threshold: int) -> ProtectedTable:
    """The table with the figures of ``suppressed`` (indices into the structure) hidden."""
    hidden = {structure.positions[k] for k in suppressed}
    primary_pos = frozenset(structure.positions[k] for k in primary)

    def shown(pos: Position, value: int | None) -> int | _Suppressed | None:
        return SUPPRESSED if pos in hidden else value

    n_rows, n_cols = table.shape
    return ProtectedTable(
        title=table.title,
        row_labels=list(table.row_labels),
        col_labels=list(table.col_labels),
        cells=[[shown(("cell", i, j), table.cells[i][j]) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[shown(("row", i), v) for i, v in enumerate(table.row_totals())],
        col_totals=[shown(("col", j), v) for j, v in enumerate(table.col_totals())],
        grand_total=shown(("grand",), table.grand_total()),
        threshold=threshold,
        primary=primary_pos,
        secondary=frozenset(hidden - primary_pos),
    )
