"""Latvia's working-day calendar: the holidays package's data, known dates, overrides."""

from datetime import date, timedelta

import holidays
import pytest

from atbalsts.policy.calendar import WorkingCalendar, holiday_name, holidays_in_year, workdays_in_year

CAL = WorkingCalendar()
YEARS = range(2019, 2028)


def every_day(year):
    d = date(year, 1, 1)
    while d.year == year:
        yield d
        d += timedelta(days=1)


@pytest.mark.parametrize("year", YEARS)
def test_every_public_holiday_of_the_holidays_package_is_a_day_off(year):
    lv = holidays.country_holidays("LV", years=year)
    assert len(lv) > 10
    for d in lv:
        assert not CAL.is_working_day(d), (d, lv[d])


@pytest.mark.parametrize("year", YEARS)
def test_every_transferred_working_saturday_is_a_working_day(year):
    lv = holidays.country_holidays("LV", years=[year - 1, year, year + 1])
    for d in lv.weekend_workdays:
        assert d.weekday() >= 5
        assert CAL.is_working_day(d), d


@pytest.mark.parametrize("year", YEARS)
def test_every_weekend_day_that_is_not_a_transferred_workday_is_a_day_off(year):
    workdays = workdays_in_year(year)
    for d in every_day(year):
        if d.weekday() >= 5 and d not in workdays:
            assert not CAL.is_working_day(d), d


@pytest.mark.parametrize("year", YEARS)
def test_the_calendar_agrees_with_the_holidays_package_on_every_day(year):
    lv = holidays.country_holidays("LV", years=[year - 1, year, year + 1])
    for d in every_day(year):
        assert CAL.is_working_day(d) == lv.is_working_day(d), d


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2025, 1, 1), "New Year's Day"),
        (date(2025, 4, 18), "Good Friday"),
        (date(2025, 4, 21), "Easter Monday"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2025, 5, 1), "Labour Day, Constitutional Assembly"),
        (date(2025, 5, 2), "Friday made a day off, worked on Saturday 10 May 2025"),
        (date(2025, 5, 5), "Monday after 4 May 2025, which is a Sunday"),
        (date(2019, 5, 6), "Monday after 4 May 2019, which is a Saturday"),
        (date(2024, 5, 6), "Monday after 4 May 2024, which is a Saturday"),
        (date(2025, 6, 23), "Līgo (Midsummer Eve)"),
        (date(2025, 6, 24), "Jāņi (Midsummer Day)"),
        (date(2026, 6, 22), "Monday before Midsummer 2026, worked on Saturday 27 June"),
        (date(2025, 11, 17), "Monday before 18 November 2025, worked on Saturday 8 November"),
        (date(2025, 11, 18), "Proclamation Day"),
        (date(2023, 11, 20), "Monday after 18 November 2023, which is a Saturday"),
        (date(2018, 11, 19), "Monday after 18 November 2018, which is a Sunday"),
        (date(2025, 12, 24), "Christmas Eve"),
        (date(2025, 12, 25), "Christmas Day"),
        (date(2025, 12, 26), "Second Day of Christmas"),
        (date(2025, 12, 31), "New Year's Eve"),
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 1, 2), "Friday made a day off, worked on Saturday 17 January 2026"),
        (date(2024, 12, 23), "Monday made a day off, worked on Saturday 14 December 2024"),
        (date(2024, 12, 30), "Monday made a day off, worked on Saturday 28 December 2024"),
    ],
)
def test_known_days_off_are_not_working_days(day, why):
    assert not CAL.is_working_day(day), why


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2025, 5, 10), "Saturday worked instead of Friday 2 May 2025"),
        (date(2025, 11, 8), "Saturday worked instead of Monday 17 November 2025"),
        (date(2026, 1, 17), "Saturday worked instead of Friday 2 January 2026"),
        (date(2026, 6, 27), "Saturday worked instead of Monday 22 June 2026"),
        (date(2024, 12, 14), "Saturday worked instead of Monday 23 December 2024"),
        (date(2024, 12, 28), "Saturday worked instead of Monday 30 December 2024"),
        (date(2025, 4, 30), "an ordinary Wednesday"),
        (date(2025, 5, 6), "the Tuesday after the 4 May substitution"),
        (date(2026, 11, 19), "the Thursday after 18 November 2026 (a Wednesday: no substitution)"),
    ],
)
def test_known_working_days_are_working_days(day, why):
    assert CAL.is_working_day(day), why


def test_the_saturday_worked_for_2_may_2025_is_in_the_holidays_package_data():
    assert date(2025, 5, 10) in workdays_in_year(2025)
    assert date(2025, 5, 2) in holidays_in_year(2025)


def test_4_may_2025_is_a_sunday_and_the_next_monday_is_a_substituted_day_off():
    assert date(2025, 5, 4).weekday() == 6
    assert date(2025, 5, 5) in holidays_in_year(2025)
    assert "brīvdiena" in holiday_name(date(2025, 5, 5), "lv")
    assert "observed" in holiday_name(date(2025, 5, 5), "en")


def test_christmas_and_new_year_are_not_moved_when_they_fall_on_a_weekend():
    # 26 December 2026 is a Saturday; only 4 May and 18 November move to the next Monday.
    assert date(2026, 12, 26).weekday() == 5
    assert CAL.is_working_day(date(2026, 12, 28))


def test_the_siva_deadline_from_30_april_2025_in_3_working_days_is_8_may():
    # 1 May (Thu) holiday, 2 May (Fri) transferred day off, 3-4 May weekend, 5 May (Mon) substituted
    # for 4 May (Sun); the working days are 6, 7 and 8 May.
    assert CAL.add_working_days(date(2025, 4, 30), 3) == date(2025, 5, 8)


def test_the_start_day_is_not_counted_even_when_it_is_a_working_day():
    assert CAL.add_working_days(date(2025, 3, 3), 1) == date(2025, 3, 4)
    assert CAL.add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)


def test_a_transferred_working_saturday_counts_towards_a_deadline():
    # Friday 9 May 2025 + 1 working day = Saturday 10 May 2025 (worked instead of 2 May).
    assert CAL.add_working_days(date(2025, 5, 9), 1) == date(2025, 5, 10)


def test_zero_working_days_is_the_start_date_and_negative_is_refused():
    assert CAL.add_working_days(date(2025, 5, 3), 0) == date(2025, 5, 3)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 5, 3), -1)


def test_next_working_day_skips_the_christmas_and_new_year_break():
    assert CAL.next_working_day(date(2025, 12, 23)) == date(2025, 12, 29)
    assert CAL.next_working_day(date(2025, 12, 30)) == date(2026, 1, 5)


def test_working_days_between_counts_after_start_up_to_and_including_end():
    assert CAL.working_days_between(date(2025, 4, 30), date(2025, 5, 8)) == 3
    assert CAL.working_days_between(date(2025, 5, 8), date(2025, 5, 8)) == 0
    assert CAL.working_days_between(date(2025, 5, 3), date(2025, 5, 5)) == 0


def test_working_days_between_is_negative_when_the_end_is_past():
    assert CAL.working_days_between(date(2025, 5, 8), date(2025, 4, 30)) == -3


def test_an_override_makes_a_public_holiday_a_working_day():
    cal = WorkingCalendar({date(2025, 12, 24): True})
    assert cal.is_working_day(date(2025, 12, 24))
    assert not CAL.is_working_day(date(2025, 12, 24))


def test_an_override_makes_an_ordinary_weekday_a_day_off():
    cal = WorkingCalendar({date(2027, 3, 10): False})
    assert not cal.is_working_day(date(2027, 3, 10))
    assert cal.add_working_days(date(2027, 3, 9), 1) == date(2027, 3, 11)


def test_an_override_makes_a_saturday_a_working_day_and_a_transferred_saturday_a_day_off():
    cal = WorkingCalendar({date(2027, 3, 13): True, date(2025, 5, 10): False})
    assert cal.is_working_day(date(2027, 3, 13))
    assert not cal.is_working_day(date(2025, 5, 10))


def test_overrides_are_copied_so_later_changes_to_the_mapping_do_not_leak_in():
    source = {date(2027, 3, 10): False}
    cal = WorkingCalendar(source)
    source[date(2027, 3, 10)] = True
    assert not cal.is_working_day(date(2027, 3, 10))


def test_non_working_days_lists_weekends_and_holidays_in_the_range():
    days = WorkingCalendar().non_working_days(date(2025, 4, 30), date(2025, 5, 11))
    assert days == [
        date(2025, 5, 1),
        date(2025, 5, 2),
        date(2025, 5, 3),
        date(2025, 5, 4),
        date(2025, 5, 5),
        date(2025, 5, 11),
    ]
