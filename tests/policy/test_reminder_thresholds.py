"""The course warnings and after-care reminders are policy data, like every other number."""

from atbalsts.policy.rules import RULESETS, ruleset_as_dict


def test_the_course_warning_thresholds_are_30_14_and_7_days_largest_first():
    for rs in RULESETS:
        assert rs.course_warning_days == (30, 14, 7)
        assert list(rs.course_warning_days) == sorted(rs.course_warning_days, reverse=True)
        assert all(0 < t < rs.course_max_days for t in rs.course_warning_days)


def test_aftercare_and_support_year_reminders_start_60_days_before_the_end():
    for rs in RULESETS:
        assert rs.aftercare_reminder_days == 60 and rs.support_year_reminder_days == 60


def test_the_thresholds_are_part_of_the_published_rule_set():
    data = ruleset_as_dict(RULESETS[-1])
    assert data["course_warning_days"] == ["30", "14", "7"]
    assert data["aftercare_reminder_days"] == 60
