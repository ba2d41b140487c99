"""The pure computation, against a naive day-by-day and entry-by-entry recount (Hypothesis)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atbalsts.reports.compute import AftercareRow, CourseRow, ServiceRow, compute

D0 = datetime.date(2026, 1, 1)
CASES = ["AT-AAAAAA1", "AT-BBBBBB2", "AT-CCCCCC3"]
day = st.integers(0, 200).map(lambda n: D0 + datetime.timedelta(days=n))
hours = st.decimals(min_value=0, max_value=8, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def course(draw):
    start = draw(day)
    return CourseRow(draw(st.sampled_from(CASES)), start, start + datetime.timedelta(days=draw(st.integers(0, 179))))


service = st.builds(
    ServiceRow, st.sampled_from(CASES), st.sampled_from(["consultation", "shelter", "goods", "documents"]), day,
    st.sampled_from(["social_worker", "psychologist", "lawyer"]), hours, st.integers(0, 3), st.integers(0, 3),
    st.sampled_from(["food", "clothing", ""]), hours,
)
aftercare = st.builds(
    AftercareRow, st.sampled_from(CASES),
    st.sampled_from(["aftercare_consultation", "proceedings_support", "family_consultation"]), day, hours,
    st.just(""), st.sampled_from(["interpreter", "court_representation"]),
)


@given(st.lists(course(), max_size=5), st.lists(service, max_size=30), st.lists(aftercare, max_size=15), day,
       st.integers(0, 90), st.one_of(st.none(), day))
def test_totals_are_the_sums_of_the_entries_in_the_period_and_days_are_clipped(courses, services, care, start,
                                                                               length, as_of):
    end = start + datetime.timedelta(days=length)
    report = compute(courses, services, care, start, end, as_of=as_of)
    inside = [s for s in services if start <= s.on <= end]
    inside_care = [a for a in care if start <= a.on <= end]
    last = min(end, as_of) if as_of else end
    for case in CASES:
        covered = {c.start + datetime.timedelta(days=i) for c in courses if c.case_number == case
                   for i in range((c.end - c.start).days + 1)}
        expected_days = len({d for d in covered if start <= d <= last})
        line = next((ln for ln in report.lines if ln.case_number == case), None)
        assert (line.course_days if line else 0) == expected_days
    t = report.total
    assert t.course_days == sum(ln.course_days for ln in report.lines)
    assert t.consultations_total == sum(1 for s in inside if s.kind == "consultation")
    assert t.consultation_hours_total == sum((s.hours for s in inside if s.kind == "consultation"), Decimal(0))
    assert t.shelter_nights == sum(s.nights for s in inside if s.kind == "shelter")
    assert t.children_nights == sum(s.children_nights for s in inside if s.kind == "shelter")
    assert t.costs_total == sum((s.amount_eur for s in inside), Decimal(0))
    assert t.costs.get("goods_food", 0) == sum(
        (s.amount_eur for s in inside if s.kind == "goods" and s.goods_category == "food"), Decimal(0))
    assert t.aftercare_consultations == sum(1 for a in inside_care if a.kind == "aftercare_consultation")
    assert t.proceedings_hours_total == sum(
        (a.hours for a in inside_care if a.kind == "proceedings_support"), Decimal(0))
    assert t.family_consultations == sum(1 for a in inside_care if a.kind == "family_consultation")
    assert [ln.case_number for ln in report.lines] == sorted(ln.case_number for ln in report.lines)


def test_course_days_are_clipped_to_the_period_and_overlaps_count_once():
    courses = [CourseRow("AT-A", datetime.date(2026, 1, 1), datetime.date(2026, 1, 10)),
               CourseRow("AT-A", datetime.date(2026, 1, 8), datetime.date(2026, 1, 12))]
    report = compute(courses, [], [], datetime.date(2026, 1, 5), datetime.date(2026, 1, 31))
    assert report.lines[0].course_days == 8  # 5..12 January
    running = compute(courses, [], [], datetime.date(2026, 1, 5), datetime.date(2026, 1, 31),
                      as_of=datetime.date(2026, 1, 6))
    assert running.total.course_days == 2


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        compute([], [], [], datetime.date(2026, 2, 1), datetime.date(2026, 1, 31))
