"""The reading of Annex 2 against Criminal Law s.154.2: act, means, purpose; minors; per member."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atbalsts.identification import catalogue
from atbalsts.policy import criteria
from atbalsts.policy.criteria import ACT, MEANS, PURPOSE, READING_2007, commission_problems, read_member
from atbalsts.policy.rules import MK344

ALL_ITEMS = sorted(catalogue.CRITERIA_ITEMS)


def test_every_annex_2_item_is_classified_and_nothing_else_is():
    classified = {code for code, _elements in READING_2007.items}
    assert classified == set(catalogue.CRITERIA_ITEMS)
    for _code, elements in READING_2007.items:
        assert elements and set(elements) <= {ACT, MEANS, PURPOSE}


def test_the_acts_of_the_criminal_law_are_the_movement_items():
    acts = {code for code, elements in READING_2007.items if ACT in elements}
    assert acts == {"recruited", "transported", "received", "abducted_sold"}


def test_an_adult_who_only_worked_more_than_the_set_hours_does_not_meet_the_criteria():
    r = read_member(["excess_hours"], minor=False)
    assert not r.meets and r.missing == (ACT, MEANS)


def test_an_adult_recruited_transported_and_deceived_meets_the_criteria_without_control_threats_or_isolation():
    r = read_member(["recruited", "transported", "other_work"], minor=False)
    assert r.meets and r.found == {ACT, MEANS, PURPOSE}


def test_a_minor_recruited_for_exploitation_needs_no_means():
    assert read_member(["recruited", "excess_hours"], minor=True).meets
    assert not read_member(["recruited", "excess_hours"], minor=False).meets


def test_even_a_minor_needs_an_act_and_the_purpose():
    assert read_member(["recruited"], minor=True).missing == (PURPOSE,)
    assert read_member(["excess_hours"], minor=True).missing == (ACT,)


def test_nothing_found_meets_nothing():
    assert read_member([], minor=True).missing == (ACT, PURPOSE)


def test_findings_of_different_members_are_not_pooled():
    # One member found only the act, another only the means and purpose: nobody found all.
    problems = commission_problems([["recruited"], ["employed_against_will"], ["recruited"]], minor=False)
    assert problems and "0 of 3" in problems[0][1]


def test_recognition_needs_more_than_half_of_the_members():
    full = ["recruited", "employed_against_will"]
    assert commission_problems([full, full, full, []], minor=False) == []
    two_of_four = commission_problems([full, full, [], []], minor=False)
    assert two_of_four and "2 of 4" in two_of_four[0][1]
    assert commission_problems([full, full, []], minor=False) == []


def test_an_adult_missing_only_the_means_is_told_how_a_minor_at_the_start_is_judged():
    messages = commission_problems([["recruited", "excess_hours"]] * 4, minor=False)
    assert any("record on the case when it began" in en for _lv, en in messages)
    assert all(lv and en for lv, en in messages)


def test_no_members_is_a_problem():
    assert commission_problems([], minor=False)


@given(st.sets(st.sampled_from(ALL_ITEMS)), st.booleans())
def test_a_minor_never_needs_more_than_an_adult(found, _flag):
    if read_member(found, minor=False).meets:
        assert read_member(found, minor=True).meets


@given(st.sets(st.sampled_from(ALL_ITEMS)))
def test_meeting_the_criteria_always_needs_an_act_and_the_purpose(found):
    r = read_member(found, minor=True)
    if r.meets:
        assert any(ACT in READING_2007.elements_of(c) for c in found)
        assert any(PURPOSE in READING_2007.elements_of(c) for c in found)


@given(st.sets(st.sampled_from(ALL_ITEMS)))
def test_more_findings_never_undo_a_member_meeting_the_criteria(found):
    if read_member(found, minor=False).meets:
        assert read_member(set(found) | {"excess_hours"}, minor=False).meets


MEETING = datetime.date(2026, 11, 12)


def test_a_person_assessed_at_19_who_was_recruited_at_16_is_a_minor_for_the_means():
    birth = datetime.date(2007, 6, 1)  # 19 on the meeting date
    began = datetime.date(2023, 9, 1)  # 16 then
    m = criteria.minor_at_exploitation(birth, began, None, MEETING, MK344.minor_age)
    assert m == criteria.MinorAtExploitation(True, "began_on", 16)


def test_the_day_of_the_18th_birthday_is_no_longer_minor():
    birth = datetime.date(2005, 3, 14)
    assert criteria.minor_at_exploitation(birth, datetime.date(2023, 3, 13), None, MEETING, 18).minor
    assert not criteria.minor_at_exploitation(birth, datetime.date(2023, 3, 14), None, MEETING, 18).minor


def test_the_recorded_age_then_decides_without_a_date():
    assert criteria.minor_at_exploitation(None, None, 17, MEETING, 18) == (True, "age_then", 17)
    assert criteria.minor_at_exploitation(None, None, 18, MEETING, 18) == (False, "age_then", 18)


def test_a_minor_on_the_meeting_date_was_a_minor_when_it_began():
    birth = datetime.date(2010, 1, 1)
    assert criteria.minor_at_exploitation(birth, None, None, MEETING, 18) == (True, "meeting_date", 16)


def test_an_adult_with_no_start_recorded_is_taken_as_an_adult():
    birth = datetime.date(2000, 1, 1)
    assert criteria.minor_at_exploitation(birth, None, None, MEETING, 18) == (False, "unknown", None)
    assert criteria.minor_at_exploitation(None, datetime.date(2020, 1, 1), None, MEETING, 18).basis == "unknown"


def test_the_reading_is_in_force_from_2007_and_marked_unverified():
    assert criteria.reading_on(datetime.date(2007, 1, 1)) is READING_2007
    assert criteria.reading_on(datetime.date(2030, 1, 1)) is READING_2007
    assert READING_2007.verified is False


@pytest.mark.parametrize("language, expected", [("lv", "darbība, līdzeklis"), ("en", "act, means")])
def test_element_names_come_in_latvian_and_english(language, expected):
    assert criteria.element_list([MEANS, ACT], language) == expected
