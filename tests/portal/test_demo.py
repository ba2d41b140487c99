"""The demo hotline gets a few synthetic reports, once."""

import datetime
import re

import pytest

from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role
from atbalsts.portal.demo import DEMO_HOTLINE_NAME, build_portal_demo
from atbalsts.portal.models import AnonymousReport, TriageStatus
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_hotline(db):
    hotline = Organisation.objects.create(name=DEMO_HOTLINE_NAME, kind=OrganisationKind.HOTLINE)
    make_user("uzticibas.talrunis", hotline, Role.HOTLINE_OPERATOR)
    return hotline


def test_the_demo_fills_the_hotline_inbox_once(demo_hotline):
    today = datetime.date(2026, 11, 23)
    added = build_portal_demo(today)
    assert added == AnonymousReport.objects.filter(organisation=demo_hotline).count() >= 3
    assert build_portal_demo(today) == 0
    statuses = set(AnonymousReport.objects.values_list("status", flat=True))
    assert {TriageStatus.NEW, TriageStatus.IN_PROGRESS, TriageStatus.CLOSED} <= statuses
    assert all(r.received_at.date() <= today for r in AnonymousReport.objects.all())
    assert AnonymousReport.objects.filter(additions__isnull=False).exists()


def test_the_demo_reports_are_seen_in_the_inbox_by_the_demo_operator(demo_hotline, login):
    build_portal_demo(datetime.date(2026, 11, 23))
    operator = Membership.objects.get(organisation=demo_hotline).user
    body = login(operator).get("/hotline/").content.decode()
    shown = set(re.findall(r'href="/hotline/([A-Z0-9]{10})/"', body))
    assert shown == set(AnonymousReport.objects.values_list("reference", flat=True))


def test_without_the_demo_hotline_nothing_is_added(db):
    assert build_portal_demo(datetime.date(2026, 11, 23)) == 0
