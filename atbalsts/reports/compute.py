"""The provider's period report to SIVA, computed from plain rows (no database, no Django).

For a period ``start``..``end`` (both included) and one provider, per client (case number):

- course days: the days of the client's rehabilitation courses inside the period (and not after
  ``as_of``, so a course still running counts only the days already given); overlapping
  courses of one client count each day once;
- consultations and their hours by specialist;
- shelter nights of the client and of accompanying children;
- costs in EUR by category (goods by their category, other services by their kind);
- after-care consultations and hours, family members' consultations, and
  criminal-proceedings support hours by kind of support.

Entries dated outside the period are left out. Totals are the sums of the client lines.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")
_DAY = datetime.timedelta(days=1)

CONSULTATION = "consultation"
SHELTER = "shelter"
GOODS = "goods"
AFTERCARE_CONSULTATION = "aftercare_consultation"
PROCEEDINGS_SUPPORT = "proceedings_support"
FAMILY_CONSULTATION = "family_consultation"


@dataclass(frozen=True, slots=True)
class CourseRow:
    case_number: str
    start: datetime.date
    end: datetime.date  # the course's last day (policy: closed early, or its latest end)


@dataclass(frozen=True, slots=True)
class ServiceRow:
    case_number: str
    kind: str
    on: datetime.date
    specialist: str = ""
    hours: Decimal = ZERO
    nights: int = 0
    children_nights: int = 0
    goods_category: str = ""
    amount_eur: Decimal = ZERO
    # How many entries the row stands for: the database may sum entries of one client, kind and
    # specialist (or category) into one row, whose hours, nights and amount are then the sums.
    count: int = 1


@dataclass(frozen=True, slots=True)
class AftercareRow:
    case_number: str
    kind: str
    on: datetime.date
    hours: Decimal = ZERO
    specialist: str = ""
    support_kind: str = ""
    count: int = 1  # entries summed into this row (as ServiceRow.count)


def cost_category(row: ServiceRow) -> str:
    """Goods by their own category ("goods_food", ...); every other service by its kind."""
    if row.kind == GOODS:
        return f"goods_{row.goods_category or 'other'}"
    return row.kind


@dataclass
class Line:
    """One client's figures for the period (or, for the totals row, everyone's)."""

    case_number: str
    course_days: int = 0
    consultations: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    consultation_hours: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    shelter_nights: int = 0
    children_nights: int = 0
    costs: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    aftercare_consultations: int = 0
    aftercare_hours: Decimal = ZERO
    family_consultations: int = 0
    family_hours: Decimal = ZERO
    proceedings_hours: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    @property
    def consultations_total(self) -> int:
        return sum(self.consultations.values())

    @property
    def consultation_hours_total(self) -> Decimal:
        return sum(self.consultation_hours.values(), ZERO)

    @property
    def costs_total(self) -> Decimal:
        return sum(self.costs.values(), ZERO)

    @property
    def proceedings_hours_total(self) -> Decimal:
        return sum(self.proceedings_hours.values(), ZERO)

    def add(self, other: Line) -> None:
        self.course_days += other.course_days
        self.shelter_nights += other.shelter_nights
        self.children_nights += other.children_nights
        self.aftercare_consultations += other.aftercare_consultations
        self.aftercare_hours += other.aftercare_hours
        self.family_consultations += other.family_consultations
        self.family_hours += other.family_hours
        for mine, theirs in ((self.consultations, other.consultations),
                             (self.consultation_hours, other.consultation_hours),
                             (self.costs, other.costs), (self.proceedings_hours, other.proceedings_hours)):
            for key, value in theirs.items():
                mine[key] += value


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    lines: list[Line]
    total: Line

    def keys(self, attribute: str) -> list[str]:
        """The specialists / categories / kinds that occur in the period, in a stable order."""
        return sorted(getattr(self.total, attribute))


def _days_in(intervals: Iterable[tuple[datetime.date, datetime.date]], lo: datetime.date,
             hi: datetime.date) -> int:
    """The number of days of the union of ``intervals`` that lie within lo..hi (inclusive)."""
    clipped = sorted((max(a, lo), min(b, hi)) for a, b in intervals if a <= hi and b >= lo)
    days, covered_until = 0, None
    for a, b in clipped:
        if covered_until is not None and a <= covered_until:
            a = covered_until + _DAY
        if a <= b:
            days += (b - a).days + 1
            covered_until = b
    return days


def compute(courses: Iterable[CourseRow], services: Iterable[ServiceRow], aftercare: Iterable[AftercareRow],
            start: datetime.date, end: datetime.date, as_of: datetime.date | None = None) -> Report:
    if end < start:
        raise ValueError("The period ends before it starts.")
    lines: dict[str, Line] = {}

    def line(case_number: str) -> Line:
        if case_number not in lines:
            lines[case_number] = Line(case_number)
        return lines[case_number]

    intervals: dict[str, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for c in courses:
        intervals[c.case_number].append((c.start, c.end))
    last_day = min(end, as_of) if as_of is not None else end
    for case_number, spans in intervals.items():
        days = _days_in(spans, start, last_day)
        if days:
            line(case_number).course_days = days

    for s in services:
        if not start <= s.on <= end:
            continue
        ln = line(s.case_number)
        if s.kind == CONSULTATION:
            ln.consultations[s.specialist or "other"] += s.count
            ln.consultation_hours[s.specialist or "other"] += s.hours
        elif s.kind == SHELTER:
            ln.shelter_nights += s.nights
            ln.children_nights += s.children_nights
        if s.amount_eur:
            ln.costs[cost_category(s)] += s.amount_eur

    for a in aftercare:
        if not start <= a.on <= end:
            continue
        ln = line(a.case_number)
        if a.kind == AFTERCARE_CONSULTATION:
            ln.aftercare_consultations += a.count
            ln.aftercare_hours += a.hours
        elif a.kind == FAMILY_CONSULTATION:
            ln.family_consultations += a.count
            ln.family_hours += a.hours
        elif a.kind == PROCEEDINGS_SUPPORT:
            ln.proceedings_hours[a.support_kind or "other"] += a.hours

    ordered = [lines[k] for k in sorted(lines)]
    total = Line("")
    for ln in ordered:
        total.add(ln)
    return Report(start=start, end=end, lines=ordered, total=total)
