"""Figures for the statistics, and the demo's referrals."""

from __future__ import annotations

import datetime

import pytest

from atbalsts.referrals import services
from atbalsts.referrals.demo import build_referrals_demo
from atbalsts.referrals.models import Referral, Status
from atbalsts.referrals.stats import referral_figures
from tests.conftest import actor

from .conftest import send


def _next_working_day(d: datetime.date, n: int) -> datetime.date:
    from atbalsts.policy.selectors import current_calendar

    return current_calendar().add_working_days(d, n)


def test_figures_count_directions_share_accepted_and_working_days_to_acceptance(people, orgs, clock, clock_today):
    start = clock_today
    first = send(people["police"], orgs["provider_a"], "police_to_provider")
    second = send(people["hotline"], orgs["provider_a"], "hotline_to_provider")
    third = send(people["sw"], orgs["provider_b"], "provider_to_provider")
    services.accept_referral(actor(people["sw"]), first)  # the same day: 0 working days
    clock.move_to(_next_working_day(start, 2))
    services.accept_referral(actor(people["sw"]), second)  # two working days later
    services.decline_referral(actor(people["outsider"]), third, reason="no_capacity")
    figures = referral_figures(start, clock_today)
    assert figures["total"] == 3
    assert figures["by_direction"] == {"hotline→service_provider": 1, "service_provider→service_provider": 1,
                                       "state_police→service_provider": 1}
    assert figures["by_type"]["police_to_provider"] == 1
    assert (figures["accepted"], figures["declined"], figures["answered"]) == (2, 1, 3)
    assert figures["share_accepted"] == pytest.approx(2 / 3)
    assert figures["working_days_to_acceptance"] == {"count": 2, "median": 1.0, "p90": pytest.approx(1.8), "max": 2}
    # Counts only: nothing names a referral or a person.
    assert first.reference not in str(figures)
    assert referral_figures(start - datetime.timedelta(days=30), start - datetime.timedelta(days=1))["total"] == 0
    with pytest.raises(ValueError):
        referral_figures(clock_today, start - datetime.timedelta(days=1))


def test_the_demo_has_a_referral_in_every_direction_accepted_and_declined_ones(db, clock_today):
    from django.core.management import call_command

    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    directions = {(r.sender.kind, r.recipient.kind) for r in Referral.objects.select_related("sender", "recipient")}
    assert directions == {("hotline", "service_provider"), ("municipal_social_service", "service_provider"),
                          ("state_police", "service_provider"), ("service_provider", "service_provider"),
                          ("service_provider", "municipal_social_service")}
    statuses = list(Referral.objects.values_list("status", flat=True))
    assert statuses.count(Status.DECLINED) == 1 and statuses.count(Status.ACCEPTED) >= 2
    assert all(r.sent_at.date() <= clock_today for r in Referral.objects.all())
    before = Referral.objects.count()
    from atbalsts.accounts.models import Organisation, User
    from atbalsts.demo.data import ORGANISATIONS

    orgs = {key: Organisation.objects.get(name=name) for key, name, *_ in ORGANISATIONS}
    users = {u.username: u for u in User.objects.all()}
    assert build_referrals_demo(orgs, users, clock_today) == {}
    assert Referral.objects.count() == before


def test_the_dashboard_shows_the_share_accepted_and_the_median_wait_only_when_enough_answered(
        people, orgs, clock, clock_today, settings):
    from django.utils import translation

    from atbalsts.statistics import dashboard, figures
    from atbalsts.statistics.access import Viewer

    start = clock_today
    first = send(people["police"], orgs["provider_a"], "police_to_provider")
    second = send(people["hotline"], orgs["provider_a"], "hotline_to_provider")
    third = send(people["sw"], orgs["provider_b"], "provider_to_provider")
    services.accept_referral(actor(people["sw"]), first)
    clock.move_to(_next_working_day(start, 2))
    services.accept_referral(actor(people["sw"]), second)
    services.decline_referral(actor(people["outsider"]), third, reason="no_capacity")
    period = figures.custom(start, clock_today, clock_today)

    def facts(viewer):
        with translation.override("en"):
            board = dashboard.build(viewer, period, charts_too=False)
        return dict(next(s for s in board.sections if s.code == "other").facts)

    # An organisation's own view is not suppressed: 2 of 3 answered were accepted, a median of 1 working day.
    own = facts(Viewer(actor(people["sw"]), orgs["provider_a"].pk))
    assert own["Referrals accepted, of those answered"] == "66,7 %"
    assert own["Median working days from sending a referral to its acceptance"] == "1,0"
    # The national view needs at least the threshold's number of referrals behind each figure.
    national = facts(Viewer(actor(people["sw"]), None))
    assert set(national.values()) == {"too few to publish"}
