"""From a contact to a referral in one step (issue 12 §1): through the one referral model, with
only what the caller agreed to; an anonymous notice when no client record names the person."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from atbalsts.audit.models import AuditEvent
from atbalsts.hotline import services
from atbalsts.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_a_caller_who_shared_topics_and_country_is_referred_with_them_and_nothing_else(call, operator, orgs):
    contact = call(caller_choice="share", shared_categories=["topics", "country"])
    referral = services.refer_contact(operator, contact, orgs["provider_a"])
    assert referral.type_code == "hotline_to_provider" and referral.recipient == orgs["provider_a"]
    assert (referral.origin_type, referral.origin_id) == ("hotline_contact", contact.pk)
    assert referral.anonymous and referral.client is None
    summary = referral.content["summary"]
    assert summary == {"channel": "phone", "caller_type": "person", "forms": ["forced_labour"], "country": "NO"}
    assert referral.content["indicators"]["indicators"] == ["documents_confiscated", "debts_to_employer"]
    # The advice and the language were not agreed: they stay in the log.
    assert "language" not in summary and "Norvēģijā" not in str(referral.content)
    assert AuditEvent.objects.filter(object_ref=contact.reference, detail__referred=referral.reference).exists()


def test_a_confidential_caller_is_referred_as_an_anonymous_notice_of_how_the_contact_came(call, operator, orgs):
    contact = call(caller_choice="confidential")
    referral = services.refer_contact(operator, contact, orgs["provider_a"])
    assert referral.anonymous
    assert referral.content["summary"] == {"channel": "phone", "caller_type": "person"}
    assert "indicators" not in referral.content


def test_a_referral_to_an_organisation_that_is_not_a_provider_is_refused_and_nothing_is_saved(call, operator, orgs):
    contact = call(caller_choice="share", shared_categories=["topics"])
    with pytest.raises(ValidationError):
        services.refer_contact(operator, contact, orgs["siva"])
    assert not Referral.objects.exists()


def test_the_page_needs_the_callers_agreement_and_sends_the_referral(call, login, people, orgs):
    contact = call(caller_choice="share", shared_categories=["topics"])
    http = login(people["hotline"])
    form = http.get(f"/hotline/contacts/{contact.reference}/refer/")
    assert form.status_code == 200 and orgs["provider_a"].name in form.content.decode()
    refused = http.post(f"/hotline/contacts/{contact.reference}/refer/", {"recipient": orgs["provider_a"].pk})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    assert not Referral.objects.exists()
    sent = http.post(f"/hotline/contacts/{contact.reference}/refer/",
                     {"recipient": orgs["provider_a"].pk, "consent": "on"})
    assert sent.status_code == 302
    assert Referral.objects.get().recipient == orgs["provider_a"]


def test_another_hotlines_operator_gets_404(call, login, other_operator, orgs):
    contact = call(caller_choice="share", shared_categories=["topics"])
    http = login(other_operator)
    assert http.get(f"/hotline/contacts/{contact.reference}/refer/").status_code == 404
    assert http.post(f"/hotline/contacts/{contact.reference}/refer/",
                     {"recipient": orgs["provider_a"].pk, "consent": "on"}).status_code == 404
    assert not Referral.objects.exists()
