"""A partner hotline in Estonia whose private keys the tests hold, so they can write its packages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atbalsts.federation import packages, services
from atbalsts.federation.models import PartnerHotline


@pytest.fixture
def remote_keys() -> packages.OwnKeys:
    return packages.OwnKeys.generate()


@pytest.fixture
def partner(orgs, remote_keys) -> PartnerHotline:
    return services.register_partner(
        code="ee-test", country="EE", organisation="Test partner hotline (EE)", keys=remote_keys.public(),
        base_url="http://127.0.0.1:9/", languages=["et", "ru", "en"],
    )


def remote_package(remote_keys, kind="referral", body=None, *, sender="ee-test", recipient=None,
                   now=None, lifetime=datetime.timedelta(days=1), recipient_key=None, jti=None):
    """A package as the Estonian partner would write it, for this instance."""
    own = services.own_keys()
    body = body if body is not None else {"htcds": "2.0", "record": sample_record()}
    return packages.seal(
        own=remote_keys, sender=sender, recipient=recipient or services.own_id(),
        recipient_key=recipient_key or own.encrypt, kind=kind, body=body, now=now or timezone.now(),
        lifetime=lifetime, jti=jti,
    )


def sample_record() -> dict:
    return {
        "prs_FirstName": "Kati", "prs_Gender": "Feminine", "prs_PrimaryLanguage": "et",
        "prs_Citizenship": ["EE"], "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TypeOfExploitation": ["ForcedLabour"], "cas_ReasonForOutgoingReferral": "MigrationOrChangeOfLocation",
        "cas_OutgoingReferralDate": "2026-11-10", "atb_Needs": ["safe_housing"], "con_Consent": True,
    }


def sample_form() -> dict:
    return {
        "prs_FirstName": "Anna", "prs_MobilePhone": "+371 20000002", "prs_Gender": "Feminine",
        "prs_PrimaryLanguage": "ru", "prs_Citizenship": ["LV"], "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TypeOfExploitation": ["SexualExploitation"], "atb_CountriesOfExploitation": ["EE"],
        "cas_ReasonForOutgoingReferral": "AdditionalServicesRequired", "atb_Needs": ["psychological"],
    }


def consent(confirmed=True) -> services.ConsentGiven:
    return services.ConsentGiven(given_by="person", channel="phone", purpose="referral", confirmed=confirmed)
