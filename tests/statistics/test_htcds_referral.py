"""A provider's case as an HTCDS 2.0 record for a referral, only under the person's consent
(identification/htcds_referral.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.identification import services as identification
from atbalsts.identification.htcds_referral import case_for_referral
from atbalsts.people.models import ConsentCategory, ConsentMethod
from atbalsts.people.services import record_consent
from tests.conftest import actor


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English here; the pages' tests read them in Latvian."""
    with translation.override("en"):
        yield


@pytest.fixture
def case(people, client_record):
    return identification.open_case(actor(people["sw"]), client_record)


def _consent(people, client_record, recipient, categories, clock_today):
    record_consent(actor(people["sw"]), client_record, {
        "recipient": recipient, "categories": categories, "purpose": "Referral for shelter",
        "valid_from": clock_today, "valid_until": None, "method": ConsentMethod.IN_PERSON,
    })


def test_with_consent_the_case_goes_out_as_an_htcds_record_and_the_disclosure_is_audited(
        people, orgs, client_record, case, clock_today):
    _consent(people, client_record, orgs["provider_b"], [ConsentCategory.IDENTITY], clock_today)
    record = case_for_referral(actor(people["sw"]), case.pk, orgs["provider_b"])
    assert record == {"standard": "HTCDS 2.0", "record": {
        "prs_FirstName": "Līga", "prs_SecondName": "Bērziņa", "prs_Birthdate": "1995-03-14",
        "prs_Gender": "Feminine", "prs_Citizenship": "LV",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "cas_IncomingReferralDate": clock_today.replace(day=1).isoformat(),
    }}
    assert AuditEvent.objects.filter(action=Action.DISCLOSE, object_ref=client_record.case_number).count() == 1


def test_without_identity_consent_nothing_goes_out(people, orgs, client_record, case, clock_today):
    _consent(people, client_record, orgs["provider_b"], [ConsentCategory.COURSE], clock_today)
    with pytest.raises(ValidationError) as exc:
        case_for_referral(actor(people["sw"]), case.pk, orgs["provider_b"])
    assert "No consent in force" in exc.value.messages[0]
    assert not AuditEvent.objects.filter(action=Action.DISCLOSE).exists()


@pytest.mark.parametrize("who", ["psy", "outsider"])
def test_someone_off_the_case_team_gets_a_404(people, orgs, client_record, case, clock_today, who):
    _consent(people, client_record, orgs["provider_b"], [ConsentCategory.IDENTITY], clock_today)
    with pytest.raises(Http404):
        case_for_referral(actor(people[who]), case.pk, orgs["provider_b"])
