"""Repeat callers: a keyed hash of the number or handle links contacts to one anonymous profile,
within one hotline; the page says how many earlier contacts the caller had."""

from __future__ import annotations

import datetime

import pytest

from atbalsts.hotline.models import CallerProfile
from atbalsts.hotline.services import normalise_handle, record_contact
from tests.conftest import actor
from tests.hotline.conftest import A_CALL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["+371 2000 0042", "0037120000042", "20000042", "(+371) 2000-0042"])
def test_the_ways_of_writing_one_number_are_one_caller(typed):
    assert normalise_handle(typed) == normalise_handle("+37120000042")


def test_a_chat_handle_ignores_case_and_the_at_sign():
    assert normalise_handle("@Anna_K ") == normalise_handle("anna_k")
    assert normalise_handle("anna_k") != normalise_handle("anna_l")


def test_three_calls_from_one_number_link_to_one_profile(call, clock, clock_today):
    first = call(caller_handle="+371 2000 0042")
    clock.move_to(clock_today, datetime.time(11, 0))
    second = call(caller_handle="20000042")
    clock.move_to(clock_today + datetime.timedelta(days=1))
    third = call(caller_handle="0037120000042")
    other = call(caller_handle="+371 2999 9999")
    assert first.caller_id == second.caller_id == third.caller_id
    assert other.caller_id != first.caller_id
    assert CallerProfile.objects.count() == 2


def test_the_contact_page_says_how_many_earlier_contacts(call, clock, clock_today, login, people):
    first = call(caller_handle="+371 2000 0042")
    clock.move_to(clock_today, datetime.time(11, 0))
    call(caller_handle="+371 2000 0042")
    clock.move_to(clock_today, datetime.time(12, 0))
    third = call(caller_handle="+371 2000 0042")
    # The first contact had none before it.
    assert login(people["hotline"]).get(f"/api/hotline/contacts/{first.reference}/").json()["earlier_contacts"] == 0
    http = login(people["hotline"])
    page = http.get(f"/hotline/contacts/{third.reference}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 earlier contacts from this caller" in page
    api = login(people["hotline"]).get(f"/api/hotline/contacts/{third.reference}/").json()
    assert api["earlier_contacts"] == 2


def test_a_contact_without_a_number_links_to_nobody(call):
    assert call().caller_id is None


def test_the_same_number_at_another_hotline_is_another_profile(call, other_operator):
    mine = call(caller_handle="+371 2000 0042")
    theirs = record_contact(actor(other_operator), {**A_CALL, "caller_handle": "+371 2000 0042"})
    assert mine.caller_id != theirs.caller_id
    assert mine.caller.key != theirs.caller.key


def test_after_a_key_rotation_the_caller_is_still_recognised(call, settings):
    before = call(caller_handle="+371 2000 0042")
    old_key = before.caller.key
    settings.SEARCH_HASH_KEYS = ["a-new-search-key-after-rotation", *settings.SEARCH_HASH_KEYS]
    after = call(caller_handle="+371 2000 0042")
    assert after.caller_id == before.caller_id
    after.caller.refresh_from_db()
    assert after.caller.key != old_key  # moved to the newest key
