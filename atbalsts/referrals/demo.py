"""Demo referrals, one or more in every direction. Called from ``atbalsts/demo/data.py``.

``build_referrals_demo(orgs, users, today)``
    orgs: ``hotline``, ``police``, ``riga``, ``provider_a``, ``provider_b``;
    users: ``uzticibas.talrunis`` (hotline operator), ``policists`` (police official),
           ``soc.darbiniece`` (provider A), ``otrs.sniedzejs`` (provider B), ``pasvaldiba`` (Riga);
    today: the demo's "today"; every date is on or before it (working days back from it).
    Makes: hotline → provider A, an anonymous notice with a coded summary, accepted with an
    outcome; hotline → provider B under the caller's consent (name and contact), waiting;
    police → provider A, an anonymous notice with indicators, accepted; provider A → provider B
    under consent, declined (no free places); provider A → Riga's social service under consent
    (name, contact, course), accepted; Riga → provider A is the municipal demo's screening
    referral. Running it again adds nothing.

Synthetic only: the clients are the demo's own synthetic clients.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership
from atbalsts.people import services as people_services
from atbalsts.people.models import CaseTeamMember, ConsentMethod
from atbalsts.policy.selectors import current_calendar

from . import services
from .models import DeclineReason, Outcome, Referral


def _actor(user, org) -> Actor:
    roles = frozenset(Membership.objects.filter(user=user, organisation=org).values_list("role", flat=True))
    # The demo loader acts as each worker; it is a system task, so the second factor is implied.
    return Actor(user=user, organisation=org, roles=roles, mfa_verified=True)


def _client_of(actor: Actor, offset: int):
    team = CaseTeamMember.objects.filter(user=actor.user, client__organisation=actor.organisation)
    return team.order_by("client__pk").select_related("client")[offset].client


def _consent(actor, client, recipient, categories, valid_from) -> None:
    people_services.record_consent(actor, client, {
        "recipient": recipient, "categories": categories, "method": ConsentMethod.IN_PERSON,
        "purpose": "Demo: nosūtījums palīdzības saņemšanai", "valid_from": valid_from, "valid_until": None})


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@transaction.atomic
def build_referrals_demo(orgs, users, today: datetime.date) -> dict:
    if Referral.objects.filter(sender=orgs["hotline"]).exists():
        return {}
    cal = current_calendar()

    def back(n: int) -> datetime.date:
        d = today
        for _ in range(n):
            d -= datetime.timedelta(days=1)
            while not cal.is_working_day(d):
                d -= datetime.timedelta(days=1)
        return d

    hotline = _actor(users["uzticibas.talrunis"], orgs["hotline"])
    police = _actor(users["policists"], orgs["police"])
    provider_a = _actor(users["soc.darbiniece"], orgs["provider_a"])
    provider_b = _actor(users["otrs.sniedzejs"], orgs["provider_b"])
    riga = _actor(users["pasvaldiba"], orgs["riga"])
    out: dict[str, Referral] = {}

    def timeline(r: Referral, sent: datetime.date, seen: datetime.date | None = None,
                 answered: datetime.date | None = None, outcome: datetime.date | None = None) -> None:
        # The services stamp "now"; the demo spreads the story over the past working days.
        fields = {"sent_at": _at(sent, 10)}
        if seen:
            fields["seen_at"] = _at(seen, 11)
        if answered:
            fields["answered_at"] = _at(answered, 12)
        if outcome:
            fields["outcome_at"] = _at(outcome, 14)
        Referral.objects.filter(pk=r.pk).update(**fields)

    r = services.send_referral(hotline, recipient=orgs["provider_a"], type_code="hotline_to_provider", summary={
        "channel": "phone", "caller_type": "person", "forms": ["forced_labour"], "country": "GB", "language": "lv"})
    services.accept_referral(provider_a, r, note="Demo: sazināsimies caur uzticības tālruni.")
    services.record_outcome(provider_a, r, outcome=Outcome.IDENTIFICATION_STARTED)
    timeline(r, back(12), back(11), back(11), back(6))
    out["hotline_anonymous"] = r

    caller = _client_of(hotline, 0)
    _consent(hotline, caller, orgs["provider_b"], ["identity", "contact"], back(3))
    r = services.send_referral(hotline, recipient=orgs["provider_b"], type_code="hotline_to_provider", client=caller,
                               summary={"channel": "chat", "caller_type": "person", "language": "ru"},
                               message="Demo: persona lūdz piezvanīt pēc plkst. 18.")
    timeline(r, back(1))
    out["hotline_with_consent"] = r

    r = services.send_referral(police, recipient=orgs["provider_a"], type_code="police_to_provider",
                               indicators=["documents_confiscated", "isolation"])
    services.accept_referral(provider_a, r)
    timeline(r, back(5), back(4), back(3))
    out["police"] = r

    moving = _client_of(provider_a, 1)
    _consent(provider_a, moving, orgs["provider_b"], ["identity", "contact", "course"], back(10))
    r = services.send_referral(provider_a, recipient=orgs["provider_b"], type_code="provider_to_provider",
                               client=moving, message="Demo: persona pārceļas uz Kurzemi, lūdzam turpināt atbalstu.")
    services.decline_referral(provider_b, r, reason=DeclineReason.NO_CAPACITY,
                              note="Demo: brīvas vietas būs nākamajā mēnesī.")
    timeline(r, back(9), back(8), back(8))
    out["provider_declined"] = r

    leaving = _client_of(provider_a, 2)
    _consent(provider_a, leaving, orgs["riga"], ["identity", "contact", "course"], back(8))
    r = services.send_referral(provider_a, recipient=orgs["riga"], type_code="provider_to_municipality",
                               client=leaving, message="Demo: kurss beidzas; lūdzam turpināt gadījuma vadīšanu.")
    services.accept_referral(riga, r)
    timeline(r, back(7), back(5), back(5))
    out["provider_to_municipality"] = r
    return out
