"""The events calendar: one month as an accessible table, previous/next links without
JavaScript, events on the right days in Riga time (also across midnight and DST)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import Locale

from atbalsts.content.models import RIGA, EventIndexPage, EventPage, month_grid, parse_month, shift_month

pytestmark = pytest.mark.django_db


def add_event(title: str, start: dt.datetime, end: dt.datetime, language: str = "lv") -> EventPage:
    index = EventIndexPage.objects.get(locale__language_code=language)
    event = EventPage(title=title, slug=re.sub(r"\W+", "-", title.lower()), start=start, end=end, place="Rīga",
                      summary="Tests", locale=Locale.objects.get(language_code=language))
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def cell(html: str, date: str) -> str:
    return html.split(f'data-date="{date}"', 1)[1].split("</td>", 1)[0]


def test_parse_month_accepts_only_a_real_year_and_month():
    today = dt.date(2026, 11, 23)
    assert parse_month("2027-02", today) == dt.date(2027, 2, 1)
    for bad in (None, "", "2027-13", "2027-00", "27-02", "2027-2", "abcd-ef", "2027-02-01", "0000-01"):
        assert parse_month(bad, today) == dt.date(2026, 11, 1), bad


def test_shift_month_crosses_years():
    assert shift_month(dt.date(2026, 12, 1), 1) == dt.date(2027, 1, 1)
    assert shift_month(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)


def test_the_grid_starts_on_monday_and_covers_the_month():
    weeks = month_grid(dt.date(2026, 3, 1), [])
    days = [c["date"] for week in weeks for c in week if c]
    assert days[0] == dt.date(2026, 3, 1) and days[-1] == dt.date(2026, 3, 31)
    assert weeks[0][:6] == [None] * 6  # 1 March 2026 is a Sunday
    assert all(len(week) == 7 for week in weeks)


def test_an_event_just_after_midnight_in_riga_is_on_the_riga_day_not_the_utc_day(client):
    # 00:30 on 1 April in Riga (summer time) is 21:30 UTC on 31 March.
    start = dt.datetime(2026, 4, 1, 0, 30, tzinfo=RIGA)
    assert start.astimezone(dt.UTC).day == 31
    add_event("Midnight event", start, start + dt.timedelta(hours=1))
    april = client.get("/lv/info/events/?month=2026-04").content.decode()
    assert "Midnight event" in cell(april, "2026-04-01")
    march = client.get("/lv/info/events/?month=2026-03").content.decode()
    assert "Midnight event" not in march
    # The event page shows Riga time.
    event_html = client.get("/lv/info/events/midnight-event/").content.decode()
    assert "01.04.2026 00:30" in event_html


def test_an_event_over_several_days_is_on_each_day_and_continues_into_the_next_month(client):
    add_event("Long event", dt.datetime(2026, 1, 30, 9, 0, tzinfo=RIGA), dt.datetime(2026, 2, 2, 17, 0, tzinfo=RIGA))
    january = client.get("/lv/info/events/?month=2026-01").content.decode()
    assert "Long event" in cell(january, "2026-01-30") and "Long event" in cell(january, "2026-01-31")
    assert "Long event" not in cell(january, "2026-01-29")
    february = client.get("/lv/info/events/?month=2026-02").content.decode()
    assert "Long event" in cell(february, "2026-02-01") and "Long event" in cell(february, "2026-02-02")
    assert "Long event" not in cell(february, "2026-02-03")


def test_the_month_view_is_an_accessible_table_with_previous_and_next_links(client):
    html = client.get("/en/info/events/?month=2026-01").content.decode()
    assert "<table" in html and "<caption" in html
    assert "January 2026" in html
    assert html.count('<th scope="col"') == 7
    assert 'href="?month=2025-12"' in html and 'href="?month=2026-02"' in html
    assert "<script" not in html.split('<main', 1)[1]
    # Following the link works and lands on that month.
    assert "February 2026" in client.get("/en/info/events/?month=2026-02").content.decode()


@pytest.mark.parametrize("language,name", [("lv", "Janvāris"), ("ru", "Январь"), ("uk", "Січень")])
def test_the_month_name_is_in_the_pages_language(client, language, name):
    html = client.get(f"/{language}/info/events/?month=2026-01").content.decode()
    assert name in html


def test_a_malformed_month_shows_this_month(client):
    html = client.get("/en/info/events/?month=9999-99").content.decode()
    today = timezone.localdate(timezone=RIGA)
    assert f"{today:%B} {today.year}" in html


def test_an_event_cannot_end_before_it_starts():
    from django.core.exceptions import ValidationError

    event = EventPage(title="x", slug="x", start=dt.datetime(2026, 1, 2, tzinfo=RIGA),
                      end=dt.datetime(2026, 1, 1, tzinfo=RIGA), place="p", summary="s")
    with pytest.raises(ValidationError) as caught:
        event.clean()
    assert "end" in caught.value.message_dict


def test_only_published_events_are_shown(client):
    start = dt.datetime(2026, 5, 5, 10, tzinfo=RIGA)
    event = add_event("Soon unpublished", start, start + dt.timedelta(hours=2))
    assert "Soon unpublished" in client.get("/lv/info/events/?month=2026-05").content.decode()
    event.unpublish()
    assert "Soon unpublished" not in client.get("/lv/info/events/?month=2026-05").content.decode()


# --- coming events, from the application's today on --------------------------------------------


def upcoming_block(html: str) -> str:
    return html.split('id="upcoming"', 1)[1].split('<nav class="atb-calendar-nav"', 1)[0]


def test_coming_events_list_the_next_ones_from_today_even_when_this_months_are_over(client, clock):
    clock.move_to(dt.date(2026, 11, 30))
    add_event("Past event", dt.datetime(2026, 11, 2, 10, 0, tzinfo=RIGA), dt.datetime(2026, 11, 2, 12, 0, tzinfo=RIGA))
    add_event("Morning today", dt.datetime(2026, 11, 30, 8, 0, tzinfo=RIGA),
              dt.datetime(2026, 11, 30, 9, 0, tzinfo=RIGA))
    add_event("January event", dt.datetime(2027, 1, 14, 18, 0, tzinfo=RIGA),
              dt.datetime(2027, 1, 14, 20, 0, tzinfo=RIGA))
    add_event("December event", dt.datetime(2026, 12, 7, 18, 0, tzinfo=RIGA),
              dt.datetime(2026, 12, 7, 20, 0, tzinfo=RIGA))
    block = upcoming_block(client.get("/lv/info/events/").content.decode())
    assert "Past event" not in block
    # Soonest first; an event of today counts although its hour has passed.
    assert block.index("Morning today") < block.index("December event") < block.index("January event")
    # The list does not follow the month shown below it.
    assert "January event" in upcoming_block(client.get("/lv/info/events/?month=2026-03").content.decode())


def test_coming_events_are_bounded(client, clock):
    clock.move_to(dt.date(2026, 11, 30))
    start = dt.datetime(2026, 12, 1, 10, 0, tzinfo=RIGA)
    for n in range(12):
        add_event(f"Event number {n:02d}", start + dt.timedelta(days=n), start + dt.timedelta(days=n, hours=1))
    index = EventIndexPage.objects.get(locale__language_code="lv")
    assert len(index.upcoming_events(dt.date(2026, 11, 30))) == 10
    assert len(index.upcoming_events(dt.date(2026, 11, 30), limit=10_000)) == 10
    assert len(index.upcoming_events(dt.date(2026, 12, 11))) == 2
    block = upcoming_block(client.get("/lv/info/events/").content.decode())
    assert "Event number 09" in block and "Event number 10" not in block


def test_with_nothing_to_come_the_list_says_so(client, clock):
    clock.move_to(dt.date(2026, 11, 30))
    add_event("Past event", dt.datetime(2026, 11, 2, 10, 0, tzinfo=RIGA), dt.datetime(2026, 11, 2, 12, 0, tzinfo=RIGA))
    assert "No events are planned from today on." in upcoming_block(client.get("/en/info/events/").content.decode())
    assert "No šodienas nav plānotu pasākumu." in client.get("/lv/info/events/").content.decode()


@pytest.mark.parametrize(("language", "shown"), [
    ("lv", "Pirmdiena, 07.12.2026, 18:00"),
    ("en", "Monday, 07.12.2026, 18:00"),
    ("ru", "Понедельник, 7 декабря 2026 г., 18:00"),
    ("uk", "Понеділок, 07 грудня 2026 р., 18:00"),
])
def test_coming_events_show_the_date_in_the_pages_language(client, clock, language, shown):
    clock.move_to(dt.date(2026, 11, 30))
    add_event("Seminar", dt.datetime(2026, 12, 7, 18, 0, tzinfo=RIGA), dt.datetime(2026, 12, 7, 20, 0, tzinfo=RIGA),
              language=language)
    block = upcoming_block(client.get(f"/{language}/info/events/").content.decode())
    assert "Seminar" in block
    assert shown in block
    assert 'datetime="2026-12-07T18:00:00+02:00"' in block
