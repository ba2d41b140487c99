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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from .disclosure import SUPPRESSED, Position, ProtectedTable, Structure, check_threshold, is_primary_value

__all__ = ["AuditReport", "audit", "describe", "format_bound", "intervals", "narrow"]


def _reader_system(structure: Structure, published: dict[int, float]) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The hidden figures and the equations a reader has about them: ``a_eq @ x = b_eq``.

    Raises ``ValueError`` when the published figures alone already contradict each other."""
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
    return hidden, a_hidden[touching], rhs[touching]


def _components(a_eq: np.ndarray, n_hidden: int) -> list[tuple[list[int], list[int]]]:
    """The hidden figures split into groups that share no equation, each with its equations.

    Figures of different groups never appear in one sum, so what a reader can work out about one
    group is independent of the other: each group is a smaller programme of its own, with
    exactly the same answers as the whole."""
    parent = list(range(n_hidden))

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    rows_of = [np.flatnonzero(a_eq[r]) for r in range(a_eq.shape[0])]
    for cols in rows_of:
        for c in cols[1:]:
            parent[root(int(c))] = root(int(cols[0]))
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for c in range(n_hidden):
        groups.setdefault(root(c), ([], []))[0].append(c)
    for r, cols in enumerate(rows_of):
        groups[root(int(cols[0]))][1].append(r)
    return list(groups.values())


def _extreme(a_eq: np.ndarray, b_eq: np.ndarray, col: int, sign: float) -> tuple[float, np.ndarray | None]:
    """The least (sign 1) or greatest (sign −1) value of figure ``col``, and a table attaining it
    (None if unbounded). Raises ``ValueError`` if no table fits the equations."""
    c = np.zeros(a_eq.shape[1])
    c[col] = sign
    res = linprog(c, A_eq=a_eq if len(b_eq) else None, b_eq=b_eq if len(b_eq) else None,
                  bounds=(0, None), method="highs")
    if res.status == 2:
        raise ValueError("The published figures do not add up to the published totals.")
    if res.status == 3:  # unbounded: only possible when maximising
        return math.inf, None
    if res.status != 0:  # pragma: no cover - HiGHS failing on a small LP
        raise RuntimeError(f"The auditor's linear programme failed: {res.message}")
    return sign * res.fun, res.x


def _solution(a_eq: np.ndarray, b_eq: np.ndarray, objective: np.ndarray) -> np.ndarray | None:
    """Some table fitting the equations that is best for ``objective`` (None if there is none)."""
    res = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    return res.x if res.status == 0 else None


try:  # HiGHS's own binding, shipped inside scipy: one model, re-solved with a new objective
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - another scipy: every programme goes through linprog
    _highs = None


class _Reader:
    """The programmes of one group of hidden figures, ``a_eq @ x = b_eq, x ≥ 0``.

    scipy's ``linprog`` builds and checks a new model for every objective, which costs more than
    solving these small programmes. Here HiGHS keeps one model and starts each solve from the
    last basis (about ten times faster). Only its "optimal" answers that are tables (checked
    against the sums) and its "unbounded" answers are taken; any other answer, or no binding in
    this scipy, goes to ``linprog``, which also tells an infeasible table apart."""

    def __init__(self, a_eq: np.ndarray, b_eq: np.ndarray) -> None:
        self.a_eq, self.b_eq = a_eq, b_eq
        self.n = a_eq.shape[1]
        self.model = None
        if _highs is not None and len(b_eq):
            try:
                self.model = self._model()
            except Exception:  # pragma: no cover - an unexpected binding: fall back
                self.model = None

    def _model(self):
        from scipy import sparse

        highs = _highs._Highs()
        highs.setOptionValue("output_flag", False)
        lp = _highs.HighsLp()
        m = self.a_eq.shape[0]
        lp.num_col_, lp.num_row_ = self.n, m
        lp.col_cost_ = np.zeros(self.n)
        lp.col_lower_ = np.zeros(self.n)
        lp.col_upper_ = np.full(self.n, np.inf)
        lp.row_lower_ = lp.row_upper_ = np.asarray(self.b_eq, dtype=float)
        csc = sparse.csc_matrix(self.a_eq)
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = self.n, m
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = csc.indptr, csc.indices, csc.data
        if highs.passModel(lp) != _highs.HighsStatus.kOk:
            return None
        self.columns = np.arange(self.n, dtype=np.int32)
        return highs

    def _run(self, objective: np.ndarray) -> tuple[str, float, np.ndarray | None] | None:
        if self.model is None:
            return None
        try:
            self.model.changeColsCost(self.n, self.columns, np.asarray(objective, dtype=float))
            self.model.run()
            status = self.model.getModelStatus()
            if status == _highs.HighsModelStatus.kOptimal:
                x = np.array(self.model.getSolution().col_value)
                # Taken only if it is a table: every sum holds and no count is negative.
                if len(x) == self.n and np.all(x > -1e-7) and np.max(np.abs(self.a_eq @ x - self.b_eq)) <= 1e-6:
                    return "optimal", float(objective @ x), x
            if status == _highs.HighsModelStatus.kUnbounded:
                return "unbounded", -math.inf, None
        except Exception:  # pragma: no cover - an unexpected binding: fall back
            self.model = None
        return None

    def extreme(self, col: int, sign: float) -> tuple[float, np.ndarray | None]:
        """See ``_extreme``."""
        objective = np.zeros(self.n)
        objective[col] = sign
        answer = self._run(objective)
        if answer is None:
            return _extreme(self.a_eq, self.b_eq, col, sign)
        kind, value, x = answer
        if kind == "unbounded":
            if sign > 0:  # pragma: no cover - x ≥ 0 bounds every minimum
                return _extreme(self.a_eq, self.b_eq, col, sign)
            return math.inf, None
        return sign * value, x

    def solution(self, objective: np.ndarray) -> np.ndarray | None:
        """See ``_solution``."""
        answer = self._run(objective)
        if answer is None:
            return _solution(self.a_eq, self.b_eq, objective)
        return answer[2]


def _whole(x: float) -> float:
    """An optimum of these programmes is a whole number (ADR 0020e); drop the solver's rounding."""
    nearest = round(x) if math.isfinite(x) else x
    return float(nearest) + 0.0 if abs(x - nearest) < 1e-6 else x


def _determined(a_eq: np.ndarray, b_eq: np.ndarray) -> float:
    """The value of a lone hidden figure fixed by every equation it is in (each says ±x = b)."""
    values = {float(b / a) for a, b in zip(a_eq[:, 0], b_eq, strict=True)}
    value = min(values)
    if max(values) - value > 1e-6 or value < -1e-6:
        raise ValueError("The published figures do not add up to the published totals.")
    return value + 0.0  # never −0.0


def intervals(structure: Structure, published: dict[int, float],
              only: Iterable[int] | None = None) -> dict[int, tuple[float, float]]:
    """For each figure not in ``published`` (index → value), or each of ``only``, its feasible [min, max].

    ``max`` is ``math.inf`` when nothing bounds the figure. Raises ``ValueError`` when the
    published figures contradict each other (no table fits them); with ``only``, in the groups
    of figures asked about.
    """
    hidden, a_eq, b_eq = _reader_system(structure, published)
    wanted = set(hidden) if only is None else set(only)
    result: dict[int, tuple[float, float]] = {}
    for cols, rows in _components(a_eq, len(hidden)):
        if not any(hidden[c] in wanted for c in cols):
            continue
        sub_a, sub_b = a_eq[np.ix_(rows, cols)], b_eq[rows]
        if not rows:  # in no sum: anything from 0 up
            result.update({hidden[c]: (0.0, math.inf) for c in cols if hidden[c] in wanted})
            continue
        if len(cols) == 1:  # alone in its sums: they give it away
            value = _determined(sub_a, sub_b)
            result[hidden[cols[0]]] = (value, value)
            continue
        reader = _Reader(sub_a, sub_b)
        for local, c in enumerate(cols):
            if hidden[c] in wanted:
                result[hidden[c]] = (_whole(reader.extreme(local, 1.0)[0]), _whole(reader.extreme(local, -1.0)[0]))
    return dict(sorted(result.items()))


def narrow(structure: Structure, published: dict[int, float], threshold: float,
           only: Iterable[int] | None = None, known: Sequence[float] | None = None) -> dict[int, tuple[float, float]]:
    """The figures of ``intervals`` whose [min, max] is narrower than ``threshold``, with it.

    The same answer as filtering ``intervals``, with fewer programmes: every table the solver
    returns is one a reader cannot rule out, so once two of them (checked here against every
    sum) put a figure ``threshold`` or more apart, its interval is known to be wide enough and
    its own minimum and maximum need not be computed. ``known`` (a value for every figure of
    the structure) is one more such table when the caller holds the true one.
    """
    hidden, a_eq, b_eq = _reader_system(structure, published)
    wanted = set(hidden) if only is None else set(only)
    out: dict[int, tuple[float, float]] = {}
    for cols, rows in _components(a_eq, len(hidden)):
        if not any(hidden[c] in wanted for c in cols) or not rows:
            continue  # a figure in no sum is unbounded
        sub_a, sub_b = a_eq[np.ix_(rows, cols)], b_eq[rows]
        if len(cols) == 1:
            value = _determined(sub_a, sub_b)
            if threshold > 0:
                out[hidden[cols[0]]] = (value, value)
            continue
        reader = _Reader(sub_a, sub_b)
        seen_low = np.full(len(cols), math.inf)
        seen_high = np.full(len(cols), -math.inf)

        def wide(local: int) -> bool:
            return seen_high[local] - seen_low[local] >= threshold - 1e-6  # noqa: B023

        def witness(x: np.ndarray | None) -> None:
            # A table counts only if it really fits: every sum holds and no count is negative.
            if x is None or np.any(x < -1e-7) or np.max(np.abs(sub_a @ x - sub_b), initial=0.0) > 1e-6:  # noqa: B023
                return
            np.minimum(seen_low, x, out=seen_low)  # noqa: B023
            np.maximum(seen_high, x, out=seen_high)  # noqa: B023

        if known is not None:
            witness(np.array([known[hidden[c]] for c in cols]))
        # Two tables that push all the figures still in doubt up together, then down together,
        # settle most of them at once; the figures left get programmes of their own.
        doubt = [local for local, c in enumerate(cols) if hidden[c] in wanted and not wide(local)]
        if len(doubt) > 2:
            for sign in (-1.0, 1.0):
                objective = np.zeros(len(cols))
                objective[doubt] = sign
                witness(reader.solution(objective))
        for local, c in enumerate(cols):
            if hidden[c] not in wanted or wide(local):
                continue
            high, x = reader.extreme(local, -1.0)
            if math.isinf(high):
                continue
            witness(x)
            if wide(local):
                continue
            low, x = reader.extreme(local, 1.0)
            witness(x)
            if high - low < threshold - 1e-6:
                out[hidden[c]] = (_whole(low), _whole(high))
    return dict(sorted(out.items()))


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


def audit(table: ProtectedTable, *, threshold: int, every_interval: bool = True) -> AuditReport:
    """Check a table as it would be published; see the module's docstring.

    With ``every_interval=False`` the report's ``intervals`` hold only the figures found too
    narrow (see ``narrow``); the verdict and the problems are the same, found with fewer
    programmes. ``disclosure.protect`` checks each table it returns that way."""
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
        found = intervals(structure, published) if every_interval else narrow(structure, published, threshold)
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
