"""Contacts with no case data are counts per hotline, day, channel and kind: one click each."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from atbalsts.hotline.models import CountOnlyTally
from atbalsts.hotline.services import record_count_only
from tests.conftest import actor

pytestmark = pytest.mark.django_db


def test_one_click_counts_one_silent_call(login, people, clock_today):
    http = login(people["hotline"])
    for _ in range(3):
        response = http.post("/hotline/contacts/count/", {"tally": "phone:silent"})
        assert response.status_code == 302
    http.post("/hotline/contacts/count/", {"tally": "chat:abusive"})
    tally = CountOnlyTally.objects.get(kind="silent", channel="phone")
    assert tally.count == 3 and tally.day == clock_today
    assert CountOnlyTally.objects.get(kind="abusive", channel="chat").count == 1


def test_counts_are_kept_per_day(operator, clock, clock_today):
    record_count_only(operator, "hang_up", "phone")
    clock.move_to(clock_today + datetime.timedelta(days=1))
    record_count_only(operator, "hang_up", "phone")
    assert sorted(CountOnlyTally.objects.values_list("day", "count")) == [
        (clock_today, 1), (clock_today + datetime.timedelta(days=1), 1)]


def test_counts_are_kept_per_hotline(operator, other_operator):
    record_count_only(operator, "wrong_number", "phone")
    record_count_only(actor(other_operator), "wrong_number", "phone")
    assert CountOnlyTally.objects.filter(kind="wrong_number").count() == 2


def test_the_log_page_shows_todays_counts(login, people, operator):
    record_count_only(operator, "information_only", "email")
    record_count_only(operator, "information_only", "email")
    page = login(people["hotline"]).get("/hotline/contacts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cell = page[page.index('value="email:information_only"'):]
    assert cell[:cell.index("</td>")].endswith("now 2</span>")


@pytest.mark.parametrize("kind, channel", [("silly", "phone"), ("silent", "fax"), ("silent", "web_report")])
def test_an_unknown_kind_or_channel_is_refused_with_a_message(operator, kind, channel):
    with pytest.raises(ValidationError):
        record_count_only(operator, kind, channel)
    assert not CountOnlyTally.objects.exists()


def test_a_bad_tally_button_value_gives_a_message_not_an_error(login, people):
    response = login(people["hotline"]).post("/hotline/contacts/count/", {"tally": "nonsense"}, follow=True)
    assert response.status_code == 200
    assert not CountOnlyTally.objects.exists()
    assert len(list(response.context["messages"])) == 1
