"""Figures for the statistics (counts only) and the demo's day of contacts."""

from __future__ import annotations

import datetime

import pytest

from atbalsts.accounts.models import Organisation, OrganisationKind, Role
from atbalsts.hotline.demo import build_hotline_demo
from atbalsts.hotline.models import Contact, CountOnlyTally
from atbalsts.hotline.services import record_count_only
from atbalsts.hotline.stats import contact_counts
from atbalsts.portal.demo import DEMO_HOTLINE_NAME
from atbalsts.portal.services import submit_report
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_contact_counts_by_channel_caller_type_and_outcome(call, operator, orgs, clock_today):
    call()
    call(channel="chat", caller_type="family", outcome="information", caller_handle="@x")
    call(channel="chat", caller_type="family", outcome="information", caller_handle="@x")
    record_count_only(operator, "silent", "phone")
    record_count_only(operator, "silent", "chat")
    record_count_only(operator, "wrong_number", "phone")
    submit_report(orgs["hotline"], {"what_happened": "Aizdomas", "language": "lv", "danger_now": "no"})
    counts = contact_counts(clock_today, clock_today)
    assert counts["contacts"] == 3
    assert counts["by_channel"] == {"phone": 1, "chat": 2, "web_report": 1}
    assert counts["by_caller_type"] == {"person": 1, "family": 2}
    assert counts["by_outcome"] == {"follow_up": 1, "information": 2}
    assert counts["repeat_contacts"] == 2
    assert counts["count_only"] == {"silent": 2, "wrong_number": 1} and counts["count_only_total"] == 3
    assert counts["count_only_by_channel"] == {"phone": 2, "chat": 1}
    # Nothing about anybody: no reference, advice, operator or hotline.
    text = repr(counts)
    assert "Izskaidrojām" not in text and "hotline" not in text.lower().replace("web_report", "")


def test_contact_counts_leave_out_other_days(call, clock_today):
    call()
    yesterday = clock_today - datetime.timedelta(days=1)
    assert contact_counts(yesterday, yesterday)["contacts"] == 0
    with pytest.raises(ValueError):
        contact_counts(clock_today, yesterday)


@pytest.fixture
def demo_hotline(db):
    hotline = Organisation.objects.create(name=DEMO_HOTLINE_NAME, kind=OrganisationKind.HOTLINE)
    make_user("uzticibas.talrunis", hotline, Role.HOTLINE_OPERATOR)
    make_user("uzticibas.talrunis2", hotline, Role.HOTLINE_OPERATOR)
    return hotline


@pytest.mark.parametrize("days_from_now", [0, 400])
def test_the_demo_fills_a_day_of_contacts_once_on_any_date(demo_hotline, clock, clock_today, days_from_now):
    today = clock_today + datetime.timedelta(days=days_from_now)
    clock.move_to(today, datetime.time(0, 30))  # just after midnight: nothing may lie in the future
    added = build_hotline_demo(today)
    assert added == Contact.objects.filter(organisation=demo_hotline).count() >= 10
    assert build_hotline_demo(today) == 0
    yesterday = today - datetime.timedelta(days=1)
    counts = contact_counts(yesterday, yesterday)
    assert counts["contacts"] >= 8 and len(counts["by_channel"]) >= 4
    assert CountOnlyTally.objects.filter(day=yesterday).exists()
    repeat = Contact.objects.filter(caller__isnull=False).values("caller").distinct()
    assert any(Contact.objects.filter(caller=r["caller"]).count() == 3 for r in repeat)
    assert Contact.objects.filter(client__isnull=False).count() == 1


def test_the_demo_operator_sees_the_day_in_the_log(demo_hotline, login, clock_today):
    build_hotline_demo(clock_today)
    operator = demo_hotline.memberships.first().user
    page = login(operator).get("/hotline/contacts/").content.decode()
    for contact in Contact.objects.all():
        assert f"/hotline/contacts/{contact.reference}/" in page
