"""The demo's cross-border referrals: one to Estonia accepted with its outcome, one from the UK waiting."""

import datetime

import pytest

from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role
from atbalsts.federation.demo import ESTONIA, UK, build_federation_demo
from atbalsts.federation.models import PartnerHotline, Referral, Status
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_hotline():
    org = Organisation.objects.create(name="Demo hotline", kind=OrganisationKind.HOTLINE)
    make_user("demo_operator", org, Role.HOTLINE_OPERATOR)
    return org


def test_the_demo_has_an_accepted_referral_to_estonia_and_a_waiting_one_from_the_uk(demo_hotline, clock_today):
    assert build_federation_demo(clock_today) == 2
    to_estonia = Referral.objects.get(direction="out")
    assert to_estonia.partner.code == ESTONIA and to_estonia.status == Status.ACCEPTED
    assert to_estonia.outcome == "returned_safely"
    assert to_estonia.created_at.date() == clock_today - datetime.timedelta(days=6)
    assert to_estonia.consent.partner == to_estonia.partner
    from_uk = Referral.objects.get(direction="in")
    assert from_uk.partner.code == UK and from_uk.status == Status.RECEIVED and from_uk.organisation == demo_hotline
    assert PartnerHotline.objects.get(is_self=True).local_organisation == demo_hotline


def test_partner_contact_details_come_only_from_the_seeds(demo_hotline, clock_today):
    build_federation_demo(clock_today)
    for partner in PartnerHotline.objects.filter(is_self=False):
        assert (partner.phone, partner.email, partner.website) == ("", "", "")
    assert PartnerHotline.objects.get(is_self=True).email == "drosa.maja@apollo.lv"


def test_running_the_demo_twice_adds_nothing(demo_hotline, clock_today):
    build_federation_demo(clock_today)
    assert build_federation_demo(clock_today) == 0
    assert Referral.objects.count() == 2 and PartnerHotline.objects.count() == 3


def test_without_a_hotline_operator_the_demo_adds_nothing(db, clock_today):
    Membership.objects.all().delete()
    assert build_federation_demo(clock_today) == 0
