"""'Open now' is a pure function of the schedule, the moment and the holiday calendar."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from atbalsts.policy.calendar import holiday_name
from atbalsts.portal.hours import Opening, OpenState, Schedule, is_open, open_state

RIGA = ZoneInfo("Europe/Riga")
WEEKDAYS_10_18 = Schedule(openings=tuple(Opening(d, time(10), time(18)) for d in range(5)))
CHILDRENS_LINE = Schedule(
    openings=(
        *(Opening(d, time(8), time(23)) for d in range(5)),
        Opening(5, time(8), time(22)),
        Opening(6, time(10), time(22)),
    )
)
ALWAYS = Schedule(is_24_7=True)


def latvian_holiday(d: date) -> bool:
    return holiday_name(d) is not None


def no_holiday(d: date) -> bool:
    return False


def riga(*args) -> datetime:
    return datetime(*args, tzinfo=RIGA)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (riga(2025, 11, 12, 9, 59), False),  # Wednesday, before opening
        (riga(2025, 11, 12, 10, 0), True),
        (riga(2025, 11, 12, 17, 59), True),
        (riga(2025, 11, 12, 18, 0), False),  # closing time itself is closed
    ],
)
def test_a_weekday_service_is_open_only_within_its_hours(moment, expected):
    assert is_open(WEEKDAYS_10_18, moment, latvian_holiday) is expected


def test_a_weekday_service_is_closed_at_the_weekend():
    saturday_noon = riga(2025, 11, 15, 12, 0)
    sunday_noon = riga(2025, 11, 16, 12, 0)
    assert not is_open(WEEKDAYS_10_18, saturday_noon, latvian_holiday)
    assert not is_open(WEEKDAYS_10_18, sunday_noon, latvian_holiday)


def test_a_service_with_weekend_hours_is_open_on_sunday_within_them():
    assert is_open(CHILDRENS_LINE, riga(2025, 11, 16, 12, 0), no_holiday)
    assert not is_open(CHILDRENS_LINE, riga(2025, 11, 16, 9, 30), no_holiday)
    assert not is_open(CHILDRENS_LINE, riga(2025, 11, 15, 22, 30), no_holiday)


def test_a_service_closed_on_public_holidays_is_closed_on_proclamation_day():
    # 18 November 2025 (a Tuesday) is the Proclamation Day of the Republic of Latvia.
    noon = riga(2025, 11, 18, 12, 0)
    assert holiday_name(noon.date()) is not None
    assert not is_open(WEEKDAYS_10_18, noon, latvian_holiday)
    assert is_open(WEEKDAYS_10_18, riga(2025, 11, 19, 12, 0), latvian_holiday)


def test_a_service_that_works_on_holidays_stays_open_on_a_holiday():
    schedule = Schedule(openings=WEEKDAYS_10_18.openings, closed_on_public_holidays=False)
    assert is_open(schedule, riga(2025, 11, 18, 12, 0), latvian_holiday)


def test_a_transferred_day_off_counts_when_the_calendar_says_so():
    # Friday 2 May 2025 was made a day off by a Cabinet order.
    assert not is_open(WEEKDAYS_10_18, riga(2025, 5, 2, 12, 0), latvian_holiday)


@pytest.mark.parametrize(
    "moment",
    [riga(2025, 11, 12, 3, 0), riga(2025, 11, 16, 23, 59), riga(2025, 11, 18, 12, 0), riga(2025, 12, 25, 0, 0)],
)
def test_a_24_7_line_is_always_open_even_on_holidays(moment):
    assert is_open(ALWAYS, moment, latvian_holiday)
    assert open_state(ALWAYS, moment, latvian_holiday) is OpenState.ALWAYS


def test_the_moment_is_read_in_latvian_time_whatever_its_zone():
    # 08:30 UTC on a winter Wednesday is 10:30 in Riga (UTC+2): open.
    assert is_open(WEEKDAYS_10_18, datetime(2025, 11, 12, 8, 30, tzinfo=UTC), latvian_holiday)
    # 15:30 UTC in summer is 18:30 in Riga (UTC+3): closed.
    assert not is_open(WEEKDAYS_10_18, datetime(2025, 7, 9, 15, 30, tzinfo=UTC), latvian_holiday)


def test_hours_that_run_past_midnight_are_open_after_midnight():
    night = Schedule(openings=(Opening(4, time(20), time(2)),))  # Friday 20:00 – Saturday 02:00
    assert is_open(night, riga(2025, 11, 14, 23, 0), no_holiday)
    assert is_open(night, riga(2025, 11, 15, 1, 30), no_holiday)
    assert not is_open(night, riga(2025, 11, 15, 2, 0), no_holiday)


def test_closing_at_midnight_means_the_end_of_the_day():
    evening = Schedule(openings=(Opening(2, time(18), time(0)),))
    assert is_open(evening, riga(2025, 11, 12, 23, 59), no_holiday)
    assert not is_open(evening, riga(2025, 11, 13, 0, 0), no_holiday)


def test_a_service_without_hours_gets_no_label():
    assert open_state(Schedule(), riga(2025, 11, 12, 12, 0), no_holiday) is OpenState.UNKNOWN


def test_labels_say_open_or_closed():
    assert open_state(WEEKDAYS_10_18, riga(2025, 11, 12, 12, 0), latvian_holiday) is OpenState.OPEN
    assert open_state(WEEKDAYS_10_18, riga(2025, 11, 18, 12, 0), latvian_holiday) is OpenState.CLOSED


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        is_open(WEEKDAYS_10_18, datetime(2025, 11, 12, 12, 0), latvian_holiday)


def test_a_schedule_without_published_holiday_hours_claims_nothing_on_a_holiday():
    schedule = Schedule(openings=CHILDRENS_LINE.openings, holiday_hours_published=False)
    # 18.11.2025, Proclamation Day, a Tuesday at noon: neither open nor closed.
    assert open_state(schedule, riga(2025, 11, 18, 12, 0), latvian_holiday) is OpenState.HOLIDAY_NOT_PUBLISHED
    # An ordinary Wednesday and the day after the holiday: the weekly hours.
    assert open_state(schedule, riga(2025, 11, 12, 12, 0), latvian_holiday) is OpenState.OPEN
    assert open_state(schedule, riga(2025, 11, 19, 23, 0), latvian_holiday) is OpenState.CLOSED
