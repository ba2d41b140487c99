"""Who is told of an event in another organisation: the dated table and its place on /policy/."""

import datetime
import itertools

import pytest

from atbalsts.policy.notifications import NOTICE_TABLES, Notice, Recipients, notice_rules_on, rule_for


def test_every_notice_has_one_rule_in_every_table():
    for table in NOTICE_TABLES:
        assert sorted(r.notice for r in table.rules) == sorted(Notice)
        for rule in table.rules:
            assert rule.recipients != Recipients.ROLES or rule.roles
            assert not rule.verified  # a product default, not a regulation


def test_the_tables_follow_each_other_without_a_gap_or_an_overlap():
    for earlier, later in itertools.pairwise(NOTICE_TABLES):
        assert earlier.effective_until == later.effective_from - datetime.timedelta(days=1)
    assert NOTICE_TABLES[-1].effective_until is None


def test_the_rule_in_force_is_found_by_date_and_none_before_the_first():
    assert rule_for(Notice.ANONYMOUS_REPORT, datetime.date(2026, 11, 16)).roles == ("hotline_operator",)
    assert rule_for(Notice.SIVA_DECISION, datetime.date(2026, 11, 16)).recipients == Recipients.CASE_TEAM
    with pytest.raises(LookupError):
        notice_rules_on(datetime.date(2006, 12, 31))


@pytest.mark.django_db
def test_the_rules_page_says_who_is_told_in_the_staff_languages(people, login):
    http = login(people["sw"])
    en = http.get("/policy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Who is told of events in another organisation" in en
    assert "An anonymous report arrives from the public portal" in en and "hotline operator" in en
    http.cookies["django_language"] = "lv"
    lv = http.get("/policy/", HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    assert "Kam paziņo par notikumiem citā organizācijā" in lv
    assert "An anonymous report arrives" not in lv
