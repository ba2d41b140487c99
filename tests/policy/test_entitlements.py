"""The entitlement calculator: examples a social worker would recognise."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from atbalsts.policy.entitlements import (
    Course,
    Entry,
    EntryKind,
    ReasonCode,
    Situation,
    add_years,
    check_entry,
    summarise,
)
from atbalsts.policy.rules import MK344, MK889

COURSE = Course(start=date(2025, 9, 14))  # 180 days including the start: ends 12.03.2026
ONE = Decimal(1)


def aftercare(on, hours=ONE, specialist="psychologist"):
    return Entry(EntryKind.AFTERCARE_CONSULTATION, on, hours, specialist=specialist)


def support(on, hours, kind="psychologist_consultation"):
    return Entry(EntryKind.PROCEEDINGS_SUPPORT, on, Decimal(hours), support_kind=kind)


def family(on, member):
    return Entry(EntryKind.FAMILY_CONSULTATION, on, ONE, family_member=member)


def test_the_course_lasts_180_calendar_days_including_the_start_day():
    assert COURSE.end(MK344) == date(2026, 3, 12)
    assert (COURSE.end(MK344) - COURSE.start).days + 1 == 180


def test_course_days_used_and_left_as_of_today():
    s = summarise(Situation(course=COURSE, today=date(2025, 9, 23)))
    assert (s.course_days_used, s.course_days_left) == (10, 170)
    s = summarise(Situation(course=COURSE, today=date(2026, 3, 12)))
    assert (s.course_days_used, s.course_days_left) == (180, 0)
    s = summarise(Situation(course=COURSE, today=date(2026, 5, 1)))
    assert (s.course_days_used, s.course_days_left) == (180, 0)
    s = summarise(Situation(course=COURSE, today=date(2025, 9, 1)))
    assert (s.course_days_used, s.course_days_left) == (0, 180)


def test_a_course_closed_early_ends_on_the_day_it_was_closed():
    course = Course(start=date(2025, 9, 14), actual_end=date(2025, 12, 1))
    s = summarise(Situation(course=course, today=date(2026, 1, 10)))
    assert s.course_end == date(2025, 12, 1)
    assert s.course_closed_early
    check = check_entry(Situation(course=course, today=date(2026, 1, 10)), aftercare(date(2026, 1, 10)))
    assert check.ok


def test_a_planned_end_does_not_end_the_course_before_it_is_closed():
    course = Course(start=date(2025, 9, 14), planned_end=date(2025, 12, 1))
    s = summarise(Situation(course=course, today=date(2026, 1, 10)))
    assert s.course_end == date(2026, 3, 12)
    assert s.course_planned_end == date(2025, 12, 1)


def test_a_course_end_before_its_start_is_refused():
    with pytest.raises(ValueError):
        Course(start=date(2025, 9, 14), actual_end=date(2025, 9, 1))


def test_a_service_after_the_course_explains_that_it_counts_as_after_care():
    situation = Situation(
        course=COURSE,
        entries=(aftercare(date(2026, 3, 20)), aftercare(date(2026, 4, 1))),
        today=date(2026, 4, 2),
    )
    check = check_entry(situation, Entry(EntryKind.COURSE_SERVICE, date(2026, 4, 2), ONE))
    assert check.code is ReasonCode.COURSE_ENDED
    assert check.message("en") == (
        "The 180-day course ended on 12.03.2026; consultations after that count as after-care (2 of 5 used)."
    )
    assert check.message("lv") == (
        "180 dienu kurss beidzās 12.03.2026; konsultācijas pēc tam uzskaita kā pēcaprūpi (izmantotas 2 no 5)."
    )


def test_a_service_before_the_course_starts_is_refused():
    check = check_entry(
        Situation(course=COURSE, today=date(2025, 9, 1)), Entry("course_service", date(2025, 9, 13))
    )
    assert check.code is ReasonCode.COURSE_NOT_STARTED
    assert "14.09.2025" in check.message("lv")


def test_a_service_without_a_course_is_refused():
    check = check_entry(Situation(today=date(2025, 9, 1)), Entry("course_service", date(2025, 9, 13)))
    assert check.code is ReasonCode.NO_COURSE


def test_a_service_on_the_first_and_last_course_day_is_allowed():
    situation = Situation(course=COURSE, today=date(2026, 3, 12))
    assert check_entry(situation, Entry("course_service", date(2025, 9, 14))).ok
    assert check_entry(situation, Entry("course_service", date(2026, 3, 12))).ok


def test_the_sixth_after_care_consultation_is_refused_with_the_last_date():
    entries = tuple(aftercare(date(2026, 3, d)) for d in (13, 14, 16, 17))
    entries += (aftercare(date(2026, 3, 12 + 15)),)
    situation = Situation(course=COURSE, entries=entries, today=date(2026, 4, 1))
    check = check_entry(situation, aftercare(date(2026, 4, 1)))
    assert check.code is ReasonCode.AFTERCARE_USED_UP
    assert check.message("lv") == "Visas 5 pēcaprūpes konsultācijas ir izmantotas (pēdējā 27.03.2026)."
    assert check.message("en") == "The 5 after-care consultations are used (last on 27.03.2026)."
    assert not check


def test_after_care_is_open_for_two_years_after_the_course_ends():
    situation = Situation(course=COURSE, today=date(2028, 3, 12))
    s = summarise(situation)
    assert s.aftercare_window_start == date(2026, 3, 13)
    assert s.aftercare_window_end == date(2028, 3, 12)
    assert check_entry(situation, aftercare(date(2028, 3, 12))).ok
    late = check_entry(situation, aftercare(date(2028, 3, 13)))
    assert late.code is ReasonCode.AFTERCARE_WINDOW_CLOSED
    assert "12.03.2028" in late.message("en")


def test_after_care_during_the_course_is_refused():
    check = check_entry(Situation(course=COURSE, today=date(2026, 1, 1)), aftercare(date(2026, 1, 1)))
    assert check.code is ReasonCode.COURSE_NOT_ENDED


def test_after_care_is_not_available_with_criminal_proceedings_support():
    situation = Situation(
        course=COURSE,
        receives_proceedings_support=True,
        proceedings_support_start=date(2026, 1, 1),
        today=date(2026, 4, 1),
    )
    check = check_entry(situation, aftercare(date(2026, 4, 1)))
    assert check.code is ReasonCode.AFTERCARE_NOT_AVAILABLE_WITH_PROCEEDINGS_SUPPORT
    assert not summarise(situation).aftercare_available


def test_an_after_care_consultation_lasts_at_most_one_hour_and_is_given_by_the_listed_specialists():
    situation = Situation(course=COURSE, today=date(2026, 4, 1))
    assert (
        check_entry(situation, aftercare(date(2026, 4, 1), Decimal("1.5"))).code
        is ReasonCode.CONSULTATION_TOO_LONG
    )
    assert check_entry(situation, aftercare(date(2026, 4, 1), specialist="medical")).code is (
        ReasonCode.SPECIALIST_NOT_ALLOWED
    )
    assert check_entry(situation, aftercare(date(2026, 4, 1), specialist="lawyer")).ok


def test_zero_or_negative_hours_are_refused():
    situation = Situation(course=COURSE, today=date(2026, 4, 1))
    assert check_entry(situation, aftercare(date(2026, 4, 1), Decimal(0))).code is ReasonCode.INVALID_HOURS
    assert (
        check_entry(situation, Entry("course_service", date(2026, 1, 1), -1)).code is ReasonCode.INVALID_HOURS
    )


SUPPORTED = Situation(
    course=Course(start=date(2025, 7, 1)),  # ends 27.12.2025, before the support starts
    receives_proceedings_support=True,
    proceedings_support_start=date(2026, 2, 1),
    today=date(2026, 6, 1),
)


def _with_hours(situation, first, total):
    """Support entries of at most 24 hours a day from ``first``, adding up to ``total``."""
    day, left = first, Decimal(total)
    while left > 0:
        hours = min(left, Decimal(24))
        situation = situation.with_entry(support(day, hours))
        day, left = day + timedelta(days=1), left - hours
    return situation


def test_150_hours_fit_in_a_support_year_but_150_5_do_not():
    situation = _with_hours(SUPPORTED, date(2026, 3, 1), 144)
    assert check_entry(situation, support(date(2026, 6, 1), "6")).ok
    check = check_entry(situation, support(date(2026, 6, 1), "6.5"))
    assert check.code is ReasonCode.SUPPORT_HOURS_EXCEEDED
    assert "144 no 150" in check.message("lv") and "6,5" in check.message("lv")
    assert "144 of 150" in check.message("en") and "6.5" in check.message("en")


def test_support_hours_are_counted_per_support_year_from_the_start_of_support():
    situation = _with_hours(SUPPORTED, date(2026, 3, 1), 140)
    assert check_entry(situation, support(date(2027, 1, 31), 10)).ok
    assert (
        check_entry(situation, support(date(2027, 1, 31), "10.25")).code is ReasonCode.SUPPORT_HOURS_EXCEEDED
    )
    # Year 2 starts on 01.02.2027 with a fresh 150 hours.
    assert check_entry(situation, support(date(2027, 2, 1), 24)).ok
    s = summarise(situation)
    assert s.support_year_start == date(2026, 2, 1)
    assert s.support_year_end == date(2027, 1, 31)
    assert s.support_hours_used == 140
    assert s.support_hours_left == 10
    assert s.support_period_end == date(2029, 1, 31)
    assert [y.start for y in s.support_years] == [date(2026, 2, 1), date(2027, 2, 1), date(2028, 2, 1)]


def test_support_ends_after_three_years_and_cannot_start_early():
    assert check_entry(SUPPORTED, support(date(2029, 1, 31), 1)).ok
    assert check_entry(SUPPORTED, support(date(2029, 2, 1), 1)).code is ReasonCode.SUPPORT_PERIOD_ENDED
    assert check_entry(SUPPORTED, support(date(2026, 1, 31), 1)).code is ReasonCode.SUPPORT_NOT_STARTED


def test_support_without_a_law_enforcement_statement_is_refused():
    check = check_entry(Situation(course=COURSE, today=date(2026, 6, 1)), support(date(2026, 6, 1), 1))
    assert check.code is ReasonCode.PROCEEDINGS_SUPPORT_NOT_GRANTED


@pytest.mark.parametrize("kind", ["lawyer_consultation", "legal_documents", "court_representation"])
def test_with_state_legal_aid_only_social_worker_and_psychologist_consultations_are_allowed(kind):
    with_aid = Situation(
        receives_proceedings_support=True,
        proceedings_support_start=date(2026, 2, 1),
        legal_aid=True,
        today=date(2026, 6, 1),
    )
    assert (
        check_entry(with_aid, support(date(2026, 6, 1), 2, kind)).code
        is ReasonCode.KIND_NOT_ALLOWED_WITH_LEGAL_AID
    )
    assert check_entry(with_aid, support(date(2026, 6, 1), 2, "psychologist_consultation")).ok
    assert check_entry(SUPPORTED, support(date(2026, 6, 1), 2, kind)).ok


def test_an_unknown_kind_of_support_is_refused():
    assert check_entry(SUPPORTED, support(date(2026, 6, 1), 2, "massage")).code is ReasonCode.KIND_NOT_ALLOWED
    assert check_entry(SUPPORTED, support(date(2026, 6, 1), 2, None)).code is ReasonCode.KIND_NOT_ALLOWED


def test_each_minor_family_member_gets_five_consultations():
    situation = Situation(
        course=COURSE,
        eligible_family_members=frozenset({"anna", "juris"}),
        entries=tuple(family(date(2026, 1, d), "anna") for d in range(5, 10)),
        today=date(2026, 2, 1),
    )
    check = check_entry(situation, family(date(2026, 2, 1), "anna"))
    assert check.code is ReasonCode.FAMILY_CONSULTATIONS_USED_UP
    assert "09.01.2026" in check.message("lv")
    assert check_entry(situation, family(date(2026, 2, 1), "juris")).ok
    assert (
        check_entry(situation, family(date(2026, 2, 1), "pēteris")).code
        is ReasonCode.FAMILY_MEMBER_NOT_ELIGIBLE
    )
    s = summarise(situation)
    assert s.family_usage("anna").used == 5
    assert s.family_usage("anna").left == 0
    assert s.family_usage("juris").left == 5


def test_the_rule_set_is_chosen_by_the_entry_date():
    old = Situation(course=Course(start=date(2019, 3, 1)), today=date(2019, 3, 2))
    assert summarise(old).ruleset_code == "MK889"
    assert check_entry(old, Entry("course_service", date(2019, 3, 2)), MK889).ok
    assert summarise(Situation(today=date(2025, 1, 1))).ruleset_code == "MK344"


def test_messages_are_latvian_for_lv_and_english_otherwise():
    check = check_entry(Situation(today=date(2025, 9, 1)), Entry("course_service", date(2025, 9, 13)))
    assert check.message("lv") == check.lv
    assert check.message("lv-LV") == check.lv
    assert check.message("en") == check.en
    assert check.message("ru") == check.en


def test_29_february_plus_years_is_28_february():
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
