"""Properties that hold for any dates and any sequence of entries (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from atbalsts.policy.calendar import WorkingCalendar
from atbalsts.policy.entitlements import (
    Course,
    Entry,
    EntryKind,
    ReasonCode,
    Situation,
    check_entry,
    summarise,
)
from atbalsts.policy.rules import MK344, ROLE_NAMES, SupportKind

CAL = WorkingCalendar()
LIMIT_CODES = {
    ReasonCode.AFTERCARE_USED_UP,
    ReasonCode.SUPPORT_HOURS_EXCEEDED,
    ReasonCode.FAMILY_CONSULTATIONS_USED_UP,
}
MEMBERS = ["anna", "juris", "pēteris"]

dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))


@given(start=dates, n=st.integers(min_value=1, max_value=10))
def test_a_deadline_is_a_working_day_after_the_start_with_exactly_n_working_days_in_between(start, n):
    deadline = CAL.add_working_days(start, n)
    assert deadline > start
    assert CAL.is_working_day(deadline)
    assert CAL.working_days_between(start, deadline) == n
    assert CAL.working_days_between(start, deadline - timedelta(days=1)) == n - 1


@given(start=dates, n=st.integers(min_value=1, max_value=10), off=st.sets(dates, max_size=20))
def test_deadlines_respect_overrides_too(start, n, off):
    cal = WorkingCalendar(dict.fromkeys(off, False))
    deadline = cal.add_working_days(start, n)
    assert deadline not in off
    assert cal.is_working_day(deadline)
    assert cal.working_days_between(start, deadline) == n


@given(a=dates, b=dates)
def test_working_days_between_is_antisymmetric(a, b):
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


# --- entitlements -------------------------------------------------------------------------------

COURSE_START = date(2024, 1, 10)
entry_dates = st.dates(min_value=date(2023, 12, 1), max_value=date(2029, 12, 31))
course_dates = st.dates(min_value=date(2023, 12, 20), max_value=date(2024, 8, 1))
aftercare_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 3, 1))
support_dates = st.dates(min_value=date(2023, 12, 1), max_value=date(2028, 3, 1))
hours = st.one_of(
    st.decimals(min_value=Decimal("0.25"), max_value=Decimal("160"), places=2, allow_nan=False),
    st.sampled_from([Decimal("-1"), Decimal("0"), Decimal("150"), Decimal("150.5")]),
)
small_hours = st.sampled_from(
    [Decimal("1"), Decimal("1"), Decimal("1"), Decimal("0.5"), Decimal("1.5"), Decimal("0")]
)

entries = st.one_of(
    st.builds(
        Entry,
        kind=st.just(EntryKind.COURSE_SERVICE),
        on=course_dates,
        hours=small_hours,
        specialist=st.sampled_from([None, *ROLE_NAMES]),
    ),
    st.builds(
        Entry,
        kind=st.just(EntryKind.AFTERCARE_CONSULTATION),
        on=aftercare_dates,
        hours=small_hours,
        specialist=st.sampled_from([None, "psychologist", "lawyer", "social_worker", "medical"]),
    ),
    st.builds(
        Entry,
        kind=st.just(EntryKind.PROCEEDINGS_SUPPORT),
        on=support_dates,
        hours=hours,
        support_kind=st.sampled_from([None, "massage", *(k.value for k in SupportKind)]),
    ),
    st.builds(
        Entry,
        kind=st.just(EntryKind.FAMILY_CONSULTATION),
        on=entry_dates,
        hours=small_hours,
        family_member=st.sampled_from([None, *MEMBERS]),
    ),
)


@st.composite
def situations(draw):
    course = draw(
        st.one_of(
            st.none(),
            st.builds(
                Course,
                start=st.just(COURSE_START),
                actual_end=st.one_of(
                    st.none(), st.dates(min_value=COURSE_START, max_value=date(2024, 12, 31))
                ),
            ),
        )
    )
    receives = draw(st.booleans())
    return Situation(
        course=course,
        receives_proceedings_support=receives,
        proceedings_support_start=draw(st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2025, 1, 1)))),
        legal_aid=draw(st.booleans()),
        eligible_family_members=frozenset(draw(st.sets(st.sampled_from(MEMBERS)))),
        today=draw(entry_dates),
    )


def assert_within_limits(situation):
    s = summarise(situation, MK344)
    rs = MK344
    assert 0 <= s.course_days_used <= rs.course_max_days
    assert 0 <= s.course_days_left <= rs.course_max_days
    assert 0 <= s.aftercare_used <= rs.aftercare_consultations
    assert s.aftercare_left >= 0
    for year in s.support_years:
        assert year.hours_used <= rs.proceedings_support_hours_per_year
        assert year.hours_left >= 0
    for member in s.family:
        assert member.eligible
        assert 0 <= member.used <= rs.family_consultations_per_member
        assert member.left >= 0
    # Every accepted entry lies where the rules allow it.
    for e in situation.entries:
        if e.kind is EntryKind.COURSE_SERVICE:
            assert s.course_start <= e.on <= s.course_end
        elif e.kind is EntryKind.AFTERCARE_CONSULTATION:
            assert not situation.receives_proceedings_support
            assert s.aftercare_window_start <= e.on <= s.aftercare_window_end
            assert e.hours <= rs.aftercare_consultation_hours
        elif e.kind is EntryKind.PROCEEDINGS_SUPPORT:
            assert situation.receives_proceedings_support
            assert s.proceedings_support_start <= e.on <= s.support_period_end
            assert e.hours > 0
            if situation.legal_aid:
                assert e.support_kind in rs.legal_aid_allowed_kinds


@settings(max_examples=150, deadline=None)
@given(situation=situations(), candidates=st.lists(entries, max_size=60))
def test_no_sequence_of_accepted_entries_exceeds_any_limit(situation, candidates):
    for entry in candidates:
        check = check_entry(situation, entry, MK344)
        if check.ok:
            situation = situation.with_entry(entry)
        else:
            assert check.code is not ReasonCode.OK
            assert check.message("lv") and check.message("en")
        assert_within_limits(situation)


@settings(max_examples=150, deadline=None)
@given(situation=situations(), candidates=st.lists(entries, max_size=40))
def test_a_refused_entry_leaves_the_summary_unchanged(situation, candidates):
    for entry in candidates:
        before = summarise(situation, MK344)
        check = check_entry(situation, entry, MK344)
        if check.ok:
            situation = situation.with_entry(entry)
            continue
        assert summarise(situation, MK344) == before
        if check.code in LIMIT_CODES:
            # Had it been added anyway, the summary would show a limit overrun.
            over = summarise(situation.with_entry(entry), MK344)
            overrun = (
                over.aftercare_left < 0
                or any(y.hours_left < 0 for y in over.support_years)
                or any(m.left < 0 for m in over.family)
            )
            assert overrun


@given(situation=situations(), entry=entries)
def test_after_care_is_never_accepted_for_a_person_with_proceedings_support(situation, entry):
    from dataclasses import replace

    situation = replace(situation, receives_proceedings_support=True)
    if entry.kind is EntryKind.AFTERCARE_CONSULTATION:
        assert not check_entry(situation, entry, MK344).ok


@given(
    situation=situations(),
    on=entry_dates,
    amount=st.decimals(min_value=Decimal("0.25"), max_value=Decimal("10"), places=2),
    kind=st.sampled_from([k.value for k in SupportKind]),
)
def test_kinds_outside_the_legal_aid_set_are_refused_with_legal_aid(situation, on, amount, kind):
    from dataclasses import replace

    situation = replace(situation, legal_aid=True)
    check = check_entry(situation, Entry(EntryKind.PROCEEDINGS_SUPPORT, on, amount, support_kind=kind), MK344)
    if kind not in MK344.legal_aid_allowed_kinds:
        assert not check.ok
        assert check.code in {
            ReasonCode.KIND_NOT_ALLOWED_WITH_LEGAL_AID,
            ReasonCode.PROCEEDINGS_SUPPORT_NOT_GRANTED,
        }
        if situation.receives_proceedings_support and situation.proceedings_support_start:
            assert check.code is ReasonCode.KIND_NOT_ALLOWED_WITH_LEGAL_AID


def accepted_count(situation, entry, attempts):
    accepted = 0
    for _ in range(attempts):
        if check_entry(situation, entry, MK344).ok:
            situation = situation.with_entry(entry)
            accepted += 1
    return accepted, situation


@given(on=st.dates(min_value=date(2024, 7, 8), max_value=date(2026, 7, 7)))
def test_exactly_five_after_care_consultations_are_accepted_inside_the_window(on):
    situation = Situation(course=Course(start=COURSE_START), today=on)  # the course ends 07.07.2024
    entry = Entry(EntryKind.AFTERCARE_CONSULTATION, on, Decimal(1), specialist="social_worker")
    accepted, situation = accepted_count(situation, entry, 8)
    assert accepted == MK344.aftercare_consultations
    assert check_entry(situation, entry, MK344).code is ReasonCode.AFTERCARE_USED_UP


@given(
    on=st.dates(min_value=date(2024, 2, 1), max_value=date(2027, 1, 31)),
    amount=st.decimals(min_value=Decimal("0.25"), max_value=Decimal("150"), places=2),
)
def test_support_hours_are_accepted_up_to_exactly_the_yearly_limit(on, amount):
    situation = Situation(
        receives_proceedings_support=True, proceedings_support_start=date(2024, 2, 1), today=on
    )
    entry = Entry(EntryKind.PROCEEDINGS_SUPPORT, on, amount, support_kind="interpreter")
    accepted, situation = accepted_count(situation, entry, 700)
    assert accepted == int(Decimal(150) // amount)
    assert summarise(situation, MK344).support_hours_left < amount


@given(member=st.sampled_from(MEMBERS), on=entry_dates)
def test_exactly_five_consultations_are_accepted_per_eligible_family_member(member, on):
    situation = Situation(eligible_family_members=frozenset(MEMBERS), today=on)
    entry = Entry(EntryKind.FAMILY_CONSULTATION, on, Decimal(1), family_member=member)
    accepted, situation = accepted_count(situation, entry, 8)
    assert accepted == MK344.family_consultations_per_member
    assert summarise(situation, MK344).family_usage(member).left == 0
