"""From a contact to a client record: only with the caller's consent, only what they agreed to,
in one transaction (nothing half-saved)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from atbalsts.hotline import services
from atbalsts.hotline.models import Contact
from atbalsts.people.models import Client

pytestmark = pytest.mark.django_db

NAME = {"given_names": "Anna", "surname": "Zvanītāja"}


def test_with_consent_a_client_record_is_opened_and_linked(call, operator):
    contact = call(caller_choice="share", shared_categories=["topics", "language", "contact"], language="ru")
    client = services.open_client_from_contact(operator, contact, {**NAME, "phone": "+371 2000 0023"}, consent=True)
    contact.refresh_from_db()
    assert contact.client == client and contact.outcome == "client" and contact.client_consent_at
    assert client.organisation == operator.organisation
    assert client.phone == "+371 2000 0023" and client.languages == "ru"


def test_without_consent_nothing_is_saved(call, operator):
    contact = call(caller_choice="share", shared_categories=["contact"])
    with pytest.raises(ValidationError) as refused:
        services.open_client_from_contact(operator, contact, NAME, consent=False)
    assert "consent" in refused.value.message_dict
    assert not Client.objects.exists()


def test_how_to_reach_them_travels_only_if_agreed(call, operator):
    contact = call(caller_choice="share", shared_categories=["topics"])
    with pytest.raises(ValidationError) as refused:
        services.open_client_from_contact(operator, contact, {**NAME, "phone": "+371 2000 0023"}, consent=True)
    assert "phone" in refused.value.message_dict
    client = services.open_client_from_contact(operator, contact, NAME, consent=True)
    assert client.phone == "" and client.languages == ""


def test_an_anonymous_caller_cannot_become_a_client_record(call, operator):
    contact = call(caller_choice="anonymous")
    with pytest.raises(ValidationError):
        services.open_client_from_contact(operator, contact, NAME, consent=True)
    assert not Client.objects.exists()


def test_a_failure_after_the_client_was_created_leaves_nothing_half_saved(call, operator, monkeypatch):
    contact = call(caller_choice="share", shared_categories=["contact"])

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Contact, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.open_client_from_contact(operator, contact, NAME, consent=True)
    monkeypatch.undo()
    assert not Client.objects.exists()
    contact.refresh_from_db()
    assert contact.client_id is None and contact.outcome == "follow_up"


def test_the_page_needs_the_consent_box(call, login, people):
    contact = call(caller_choice="share", shared_categories=["contact"])
    http = login(people["hotline"])
    page = http.post(f"/hotline/contacts/{contact.reference}/client/", NAME)
    assert page.status_code == 200 and "govuk-error-summary" in page.content.decode()
    assert not Client.objects.exists()
    done = http.post(f"/hotline/contacts/{contact.reference}/client/", {**NAME, "consent": "on"})
    assert done.status_code == 302
    assert Client.objects.count() == 1


def test_a_second_client_record_from_the_same_contact_is_refused(call, operator):
    contact = call(caller_choice="share")
    services.open_client_from_contact(operator, contact, NAME, consent=True)
    contact.refresh_from_db()
    with pytest.raises(ValidationError):
        services.open_client_from_contact(operator, contact, NAME, consent=True)
    assert Client.objects.count() == 1


def test_the_referral_hook_returns_only_what_the_caller_agreed(call):
    shared = call(caller_choice="share", shared_categories=["topics", "country"])
    summary = services.contact_summary_for_referral(shared)
    assert summary["categories"] == ["country", "topics"]
    assert summary["indicators"] == ["documents_confiscated", "debts_to_employer"]
    assert summary["country"] == "NO" and "language" not in summary
    confidential = services.contact_summary_for_referral(call())
    assert confidential["categories"] == []
    assert not {"indicators", "country", "language", "exploitation_forms"} & set(confidential)
