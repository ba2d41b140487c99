"""The demo's cross-border referrals, built for the ``today`` passed in. Called by ``atbalsts.demo``.

Partner hotlines: this instance (Latvia) and the Drošības kompass partners in Estonia and the UK
(seed 002). Organisation names are the seeds'; contact details only where a seed gives them (seed
003, for the Latvian hotline against trafficking), blank otherwise. The Estonian and UK partners
have no instance in the demo: they exchange files, and their keys are made up for the demo (only
the public halves are kept, so nothing can really be sent to them).

Then one referral to Estonia, accepted, with its outcome back, and one from the UK waiting in the
inbox. Both travel the real way: packages sealed and opened by the federation's own functions.
Idempotent: nothing is added when the Estonian partner is already registered.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role

from . import packages, services
from .models import Direction, PartnerConsent, PartnerHotline, Referral

RIGA = ZoneInfo("Europe/Riga")
ESTONIA = "ee-eluliin-demo"
UK = "gb-womenatthewell-demo"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=RIGA)


def _remote(keys: packages.OwnKeys, sender: str, kind: str, body: dict) -> str:
    return packages.seal(own=keys, sender=sender, recipient=services.own_id(),
                         recipient_key=services.own_keys().encrypt, kind=kind, body=body, now=timezone.now(),
                         lifetime=datetime.timedelta(days=1))[1]


@transaction.atomic
def build_federation_demo(today: datetime.date) -> int:
    """Register the partners and add the two referrals; returns how many referrals were added."""
    if PartnerHotline.objects.filter(code=ESTONIA).exists():
        return 0
    hotline = Organisation.objects.filter(kind=OrganisationKind.HOTLINE, is_active=True).order_by("id").first()
    membership = (Membership.objects.filter(organisation=hotline, role=Role.HOTLINE_OPERATOR, is_active=True)
                  .select_related("user").first()) if hotline else None
    if membership is None:
        return 0
    operator = Actor(user=membership.user, organisation=hotline, roles=frozenset({Role.HOTLINE_OPERATOR}),
                     mfa_verified=True)
    own = services.own_keys()
    services.register_partner(
        code=services.own_id(), country="LV", organisation='Biedrība "Patvērums "Drošā māja""', keys=own.public(),
        is_self=True, local_organisation=hotline, languages=["lv", "ru", "en"], hours="24/7",
        phone="+371 67898343, +371 28612120", email="drosa.maja@apollo.lv", website="www.patverums-dm.lv",
    )
    estonia_keys, uk_keys = packages.OwnKeys.generate(), packages.OwnKeys.generate()
    estonia = services.register_partner(code=ESTONIA, country="EE", organisation="Mettetulundusuhing Eluliin",
                                        keys=estonia_keys.public(), languages=["et", "ru", "en"])
    services.register_partner(code=UK, country="GB", organisation="Women@thewell", keys=uk_keys.public(),
                              languages=["en"])

    # To Estonia: sent six days ago with the person's consent, handed over as a file, accepted the
    # next day; the outcome came back yesterday.
    referral = services.refer_abroad(operator, estonia, {
        "prs_FirstName": "Marija", "prs_Gender": "Feminine", "prs_PrimaryLanguage": "ru", "prs_Citizenship": ["LV"],
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking", "vic_TypeOfExploitation": ["ForcedLabour"],
        "atb_CountriesOfExploitation": ["EE"], "cas_ReasonForOutgoingReferral": "AdditionalServicesRequired",
        "atb_Needs": ["safe_housing", "legal"],
    }, services.ConsentGiven(given_by="person", channel="phone", purpose="referral_and_return", confirmed=True))
    services.export_package(operator, referral)
    services.receive_package(_remote(estonia_keys, ESTONIA, "answer",
                                     {"ref": referral.package_id, "answer": "accepted"}), via="file")
    services.receive_package(_remote(estonia_keys, ESTONIA, "outcome",
                                     {"ref": referral.package_id, "outcome": "returned_safely"}), via="file")
    sent = _at(today - datetime.timedelta(days=6), 11)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=sent, delivered_at=sent + datetime.timedelta(minutes=20),
        answered_at=_at(today - datetime.timedelta(days=5), 10), outcome_at=_at(today - datetime.timedelta(days=1), 15),
    )
    PartnerConsent.objects.filter(pk=referral.consent_id).update(given_at=sent - datetime.timedelta(minutes=5))
    referral.messages.update(created_at=sent, delivered_at=sent + datetime.timedelta(minutes=20))

    # From the UK: arrived yesterday evening, waiting for an operator's answer.
    services.receive_package(_remote(uk_keys, UK, "referral", {"htcds": "2.0", "record": {
        "prs_FirstName": "Inga", "prs_Gender": "Feminine", "prs_PrimaryLanguage": "lv", "prs_Citizenship": ["LV"],
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking", "vic_TypeOfExploitation": ["SexualExploitation"],
        "atb_CountriesOfExploitation": ["GB"], "cas_ReasonForOutgoingReferral": "MigrationOrChangeOfLocation",
        "cas_OutgoingReferralDate": (today - datetime.timedelta(days=1)).isoformat(),
        "atb_Needs": ["psychological", "safe_housing"], "con_Consent": True,
    }}), via="file")
    arrived = _at(today - datetime.timedelta(days=1), 19)
    Referral.objects.filter(direction=Direction.INBOUND, partner__code=UK).update(created_at=arrived,
                                                                                  delivered_at=arrived)
    return 2
