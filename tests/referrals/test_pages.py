"""The pages: send with a preview of what travels, inbox, outbox, the referral with its
timeline and the answer forms; Latvian and English; 404 for outsiders."""

from __future__ import annotations

import pytest

from atbalsts.referrals.models import Referral, Status

from .conftest import consent


def test_a_hotline_operator_refers_and_the_provider_accepts_and_records_the_outcome(people, orgs, login,
                                                                                    hotline_caller):
    hotline = login(people["hotline"])
    hotline.cookies["django_language"] = "en"
    form = {"type_code": "hotline_to_provider", "recipient": orgs["provider_a"].pk,
            "client_case_number": hotline_caller.case_number, "indicators": ["isolation"]}
    preview = hotline.post("/referrals/new/", {**form, "check": "1"}).content.decode()
    assert "No: the person has not agreed" in preview and not Referral.objects.exists()
    consent(people["hotline"], hotline_caller, orgs["provider_a"], ["identity"])
    preview = hotline.post("/referrals/new/", {**form, "check": "1"}).content.decode()
    assert "Yes, under the person" in preview and "No: the person has not agreed" in preview  # contact: no
    sent = hotline.post("/referrals/new/", {**form, "message": "Zvanīt vakarā", "send": "1"})
    referral = Referral.objects.get()
    assert sent.status_code == 302 and sent.url == f"/referrals/{referral.reference}/"
    # Nothing of the person in the address.
    assert hotline_caller.case_number not in sent.url and "Zane" not in sent.url

    provider = login(people["sw"])
    inbox = provider.get("/referrals/").content.decode()
    assert referral.reference in inbox and "jauns" in inbox  # Latvian by default: "new"
    page = provider.get(f"/referrals/{referral.reference}/").content.decode()
    assert "Zane Zvaigzne" in page and "Zvanīt vakarā" in page and hotline_caller.case_number not in page
    assert provider.post(f"/referrals/{referral.reference}/accept/", {"note": ""}).status_code == 302
    assert provider.post(f"/referrals/{referral.reference}/outcome/",
                         {"outcome": "help_started", "note": ""}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED and referral.seen_at <= referral.answered_at

    timeline = hotline.get(f"/referrals/{referral.reference}/").content.decode()
    for step in ("Sent", "Seen by the recipient", "Accepted", "Outcome recorded", "Help started"):
        assert step in timeline
    assert referral.reference in hotline.get("/referrals/sent/").content.decode()


def test_an_anonymous_notice_page_shows_no_personal_data(people, orgs, login, hotline_caller):
    hotline = login(people["hotline"])
    hotline.post("/referrals/new/", {"type_code": "hotline_to_provider", "recipient": orgs["provider_a"].pk,
                                     "client_case_number": hotline_caller.case_number, "send": "1"})
    referral = Referral.objects.get()
    page = login(people["sw"]).get(f"/referrals/{referral.reference}/").content.decode()
    assert "Anonīms paziņojums" in page
    for personal in ("Zane", "Zvaigzne", "26111111", hotline_caller.case_number):
        assert personal not in page


def test_declining_without_a_reason_shows_a_message_in_the_users_language(people, orgs, login):
    hotline = login(people["hotline"])
    hotline.post("/referrals/new/", {"type_code": "hotline_to_provider", "recipient": orgs["provider_a"].pk,
                                     "send": "1"})
    referral = Referral.objects.get()
    provider = login(people["sw"])
    page = provider.post(f"/referrals/{referral.reference}/decline/", {"reason": "", "note": ""})
    assert page.status_code == 200 and "Šis lauks ir obligāts" in page.content.decode()
    provider.cookies["django_language"] = "en"
    page = provider.post(f"/referrals/{referral.reference}/decline/", {"reason": "other", "note": ""})
    assert page.status_code == 200 and "Say in the note why" in page.content.decode()
    assert provider.post(f"/referrals/{referral.reference}/decline/",
                         {"reason": "no_capacity", "note": ""}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert "No free places" in provider.get(f"/referrals/{referral.reference}/").content.decode()


@pytest.mark.parametrize("persona", ["outsider", "municipal", "siva", "statistician", "org_admin"])
def test_outsiders_get_404_on_every_referral_page(people, orgs, login, persona):
    login(people["police"]).post("/referrals/new/", {"type_code": "police_to_provider",
                                                     "recipient": orgs["provider_a"].pk, "send": "1"})
    referral = Referral.objects.get()
    http = login(people[persona])
    assert http.get(f"/referrals/{referral.reference}/").status_code == 404
    for step in ("accept", "decline", "outcome"):
        assert http.post(f"/referrals/{referral.reference}/{step}/", {"reason": "no_capacity",
                                                                      "outcome": "help_started"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.seen_at is None


@pytest.mark.parametrize("persona", ["siva", "statistician", "sys_admin", "org_admin"])
def test_organisations_that_neither_send_nor_answer_have_no_referral_pages(people, login, persona):
    http = login(people[persona])
    assert http.get("/referrals/").status_code == 404
    assert http.get("/referrals/new/").status_code == 404


def test_the_send_form_offers_only_the_senders_types_and_recipients(people, orgs, login):
    page = login(people["police"]).get("/referrals/new/").content.decode()
    assert "police_to_provider" in page and "hotline_to_provider" not in page
    assert "Test provider_a" in page and "Test municipal" not in page and "Test siva" not in page
