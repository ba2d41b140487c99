"""The one guard for dates the rules cannot judge."""

import datetime

from atbalsts.policy import dates
from atbalsts.policy.rules import MK344, MK889

TODAY = datetime.date(2026, 11, 20)


def test_the_first_day_of_the_first_rule_set_is_accepted_and_the_day_before_is_not():
    assert dates.rules_date_problem(datetime.date(2007, 1, 1), TODAY) is None
    problem = dates.rules_date_problem(datetime.date(2006, 12, 31), TODAY)
    assert problem.reason == "before_rules"
    assert "01.01.2007" in problem.message_lv and "01.01.2007" in problem.message_en


def test_the_date_from_the_issue_is_refused_with_a_message_in_both_languages():
    problem = dates.rules_date_problem(datetime.date(2000, 1, 25), TODAY)
    assert problem.message_lv.startswith("Datums 25.01.2000")
    assert problem.message_en.startswith("The date 25.01.2000")


def test_dates_up_to_the_horizon_are_accepted_and_beyond_it_refused():
    last = TODAY + datetime.timedelta(days=dates.FUTURE_HORIZON_DAYS)
    assert dates.rules_date_problem(last, TODAY) is None
    problem = dates.rules_date_problem(last + datetime.timedelta(days=1), TODAY)
    assert problem.reason == "too_far_ahead" and last.strftime("%d.%m.%Y") in problem.message_en


def test_the_largest_date_is_refused_not_crashed():
    assert dates.rules_date_problem(datetime.date.max, TODAY).reason == "too_far_ahead"


def test_a_closed_last_rule_set_ends_the_acceptable_dates():
    assert dates.last_acceptable_date(TODAY, (MK889,)) == MK889.effective_until
    assert dates.rules_date_problem(datetime.date(2019, 7, 20), TODAY, (MK889,)).reason == "too_far_ahead"


def test_a_stored_date_outside_every_rule_set_is_shown_with_the_nearest_one():
    assert dates.ruleset_for_display(datetime.date(2000, 1, 25)) is MK889
    assert dates.ruleset_for_display(datetime.date(2019, 7, 20)) is MK344
    assert dates.ruleset_for_display(datetime.date(2019, 7, 20), (MK889,)) is MK889
