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
    check_bounds,
    check_entry,
    phase3_opens,
    summarise,
    support_period,
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
                closure_reason=st.sampled_from(
                    [None, "goals_reached", "withdrew", "moved_abroad", "died", "decision_changed", "other"]
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
    # Every accepted entry lies where the rules allow it, and within its bounds.
    period = support_period(situation, rs)
    for e in situation.entries:
        assert check_bounds(e, rs).ok
        if e.kind is EntryKind.COURSE_SERVICE:
            assert s.course_start <= e.on <= s.course_end
            assert e.hours <= rs.entry_max_hours
        elif e.kind is EntryKind.AFTERCARE_CONSULTATION:
            assert not (period and period[0] <= e.on <= period[1])
            assert phase3_opens(situation.course, rs)
            assert s.aftercare_window_start <= e.on <= s.aftercare_window_end
            assert e.hours <= rs.aftercare_consultation_hours
        elif e.kind is EntryKind.PROCEEDINGS_SUPPORT:
            assert situation.receives_proceedings_support
            assert s.proceedings_support_start <= e.on <= s.support_period_end
            assert 0 < e.hours <= rs.proceedings_support_entry_max_hours
            if situation.course is not None:
                assert e.on > s.course_end
                assert phase3_opens(situation.course, rs)
            if situation.legal_aid:
                assert e.support_kind in rs.legal_aid_allowed_kinds
                assert not e.interpreter or e.support_kind in rs.legal_aid_interpreting_within
        elif e.kind is EntryKind.FAMILY_CONSULTATION:
            assert s.family_window_start <= e.on <= s.family_window_end
            assert e.hours <= rs.family_consultation_max_hours


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
def test_after_care_is_never_accepted_on_a_day_the_support_period_covers(situation, entry):
    from dataclasses import replace

    situation = replace(situation, receives_proceedings_support=True)
    period = support_period(situation, MK344)
    if entry.kind is EntryKind.AFTERCARE_CONSULTATION and period and period[0] <= entry.on <= period[1]:
        check = check_entry(situation, entry, MK344)
        assert not check.ok
        if entry.hours == 1:
            assert check.code is ReasonCode.AFTERCARE_NOT_AVAILABLE_WITH_PROCEEDINGS_SUPPORT


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
            ReasonCode.INTERPRETING_ONLY_WITHIN_CONSULTATION,
            ReasonCode.PROCEEDINGS_SUPPORT_NOT_GRANTED,
            ReasonCode.SUPPORT_DURING_COURSE,
            ReasonCode.CLOSURE_ENDS_AFTERCARE,
        }
        if situation.receives_proceedings_support and situation.proceedings_support_start and (
            situation.course is None
        ):
            expected = (
                ReasonCode.INTERPRETING_ONLY_WITHIN_CONSULTATION
                if kind == SupportKind.INTERPRETER
                else ReasonCode.KIND_NOT_ALLOWED_WITH_LEGAL_AID
            )
            assert check.code is expected


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
    amount=st.decimals(min_value=Decimal("0.25"), max_value=Decimal(MK344.proceedings_support_entry_max_hours),
                       places=2),
)
def test_support_hours_are_accepted_up_to_exactly_the_yearly_limit(on, amount):
    situation = Situation(
        receives_proceedings_support=True, proceedings_support_start=date(2024, 2, 1), today=on
    )
    entry = Entry(EntryKind.PROCEEDINGS_SUPPORT, on, amount, support_kind="interpreter")
    accepted, situation = accepted_count(situation, entry, 700)
    assert accepted == int(Decimal(150) // amount)
    assert summarise(situation, MK344).support_hours_left < amount


@given(member=st.sampled_from(MEMBERS), on=st.dates(min_value=COURSE_START, max_value=date(2026, 7, 7)))
def test_exactly_five_consultations_are_accepted_per_eligible_family_member(member, on):
    # The course ends 07.07.2024; family consultations run from its start until two years later.
    situation = Situation(course=Course(start=COURSE_START), eligible_family_members=frozenset(MEMBERS), today=on)
    entry = Entry(EntryKind.FAMILY_CONSULTATION, on, Decimal(1), family_member=member)
    accepted, situation = accepted_count(situation, entry, 8)
    assert accepted == MK344.family_consultations_per_member
    assert summarise(situation, MK344).family_usage(member).left == 0


# --- after-care and proceedings support (issue 9.4) ----------------------------------------------

BOUNDED = [
    (EntryKind.COURSE_SERVICE, "hours", MK344.entry_max_hours),
    (EntryKind.COURSE_SERVICE, "amount_eur", MK344.entry_max_amount_eur),
    (EntryKind.COURSE_SERVICE, "nights", MK344.entry_max_nights),
    (EntryKind.COURSE_SERVICE, "children_nights", MK344.entry_max_children_nights),
    (EntryKind.PROCEEDINGS_SUPPORT, "hours", MK344.proceedings_support_entry_max_hours),
    (EntryKind.AFTERCARE_CONSULTATION, "hours", MK344.aftercare_consultation_hours),
    (EntryKind.FAMILY_CONSULTATION, "hours", MK344.family_consultation_max_hours),
]


@given(bound=st.sampled_from(BOUNDED), over=st.integers(min_value=0, max_value=10**6), on=entry_dates)
def test_every_number_of_an_entry_is_bounded_the_bound_itself_allowed(bound, over, on):
    kind, name, limit = bound
    cents = name in ("hours", "amount_eur")
    at = Decimal(limit) if cents else limit
    above = (Decimal(limit) + Decimal(over + 1) / 100) if cents else limit + over + 1
    hours = {"hours": Decimal(1)} if name != "hours" else {}
    assert check_bounds(Entry(kind, on, **hours, **{name: at}), MK344).ok
    refused = check_bounds(Entry(kind, on, **hours, **{name: above}), MK344)
    assert refused.code in {ReasonCode.ENTRY_TOO_LARGE, ReasonCode.CONSULTATION_TOO_LONG}
    assert str(limit) in refused.message("lv") and str(limit) in refused.message("en")


@given(situation=situations(), on=support_dates, amount=st.decimals(min_value=Decimal("0.25"), max_value=Decimal(8),
                                                                    places=2))
def test_proceedings_support_is_never_accepted_before_the_course_ends(situation, on, amount):
    check = check_entry(situation, Entry(EntryKind.PROCEEDINGS_SUPPORT, on, amount,
                                         support_kind="psychologist_consultation"), MK344)
    if situation.course is not None and on <= situation.course.end(MK344) and situation.receives_proceedings_support:
        assert check.code in {ReasonCode.SUPPORT_DURING_COURSE, ReasonCode.PROCEEDINGS_SUPPORT_NOT_GRANTED}


@given(reason=st.sampled_from(["goals_reached", "withdrew", "moved_abroad", "died", "decision_changed", "other"]),
       days=st.integers(min_value=1, max_value=700))
def test_after_care_opens_exactly_for_the_closures_the_rule_set_lists(reason, days):
    course = Course(start=COURSE_START, actual_end=date(2024, 3, 1), closure_reason=reason)
    on = date(2024, 3, 1) + timedelta(days=days)
    check = check_entry(Situation(course=course, today=on),
                        Entry(EntryKind.AFTERCARE_CONSULTATION, on, Decimal(1), specialist="lawyer"), MK344)
    assert check.ok is (reason in MK344.aftercare_opening_closures)
    if not check.ok:
        assert check.code is ReasonCode.CLOSURE_ENDS_AFTERCARE
