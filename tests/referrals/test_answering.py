"""The receiver's answer: seen, accept or decline with a reason, the outcome later; notifications,
the timeline, and what each side reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.services import withdraw_consent
from atbalsts.referrals import access, reminders, services
from atbalsts.referrals.models import DeclineReason, Notification, Outcome, Status
from tests.conftest import actor

from .conftest import consent, send


@pytest.fixture
def referral(people, orgs):
    return send(people["police"], orgs["provider_a"], "police_to_provider", indicators=["isolation"])


def test_accept_then_outcome_notifies_the_sender_and_is_audited_on_both_sides(people, orgs, referral):
    sw = actor(people["sw"])
    services.mark_seen(sw, referral)
    accepted = services.accept_referral(sw, referral, note="Sazināsimies rīt.")
    assert accepted.status == Status.ACCEPTED and accepted.answered_by == people["sw"] and accepted.seen_at
    closed = services.record_outcome(sw, accepted, outcome=Outcome.HELP_STARTED)
    assert closed.status == Status.CLOSED and closed.outcome_by == people["sw"]
    kinds = list(Notification.objects.filter(organisation=orgs["police"]).values_list("kind", flat=True))
    assert sorted(kinds) == ["accepted", "outcome"]
    assert [n.kind for n in access.unread_notifications(actor(people["police"]))] == ["outcome", "accepted"]
    services.mark_seen(actor(people["police"]), closed)  # the sender opens it: its notifications are read
    assert access.unread_notifications(actor(people["police"])) == []
    assert access.unread_notifications(sw) == []
    steps = AuditEvent.objects.filter(object_ref=referral.reference, action=Action.UPDATE)
    for step in ("seen", "accepted", "outcome"):
        orgs_seen = {e.organisation_id for e in steps if e.detail.get("step") == step}
        assert orgs_seen == {orgs["police"].pk, orgs["provider_a"].pk}, step


def test_decline_needs_a_reason_and_a_note_for_another_reason(people, referral):
    sw = actor(people["sw"])
    with pytest.raises(ValidationError):
        services.decline_referral(sw, referral, reason="")
    with pytest.raises(ValidationError) as refused:
        services.decline_referral(sw, referral, reason=DeclineReason.OTHER)
    assert "note" in refused.value.message_dict
    declined = services.decline_referral(sw, referral, reason=DeclineReason.NO_CAPACITY)
    assert declined.status == Status.DECLINED and declined.decline_reason == "no_capacity"
    with pytest.raises(ValidationError):
        services.accept_referral(sw, declined)
    with pytest.raises(ValidationError):
        services.record_outcome(sw, declined, outcome=Outcome.HELP_STARTED)


def test_an_outcome_needs_acceptance_first_and_is_recorded_once(people, referral):
    sw = actor(people["sw"])
    with pytest.raises(ValidationError):
        services.record_outcome(sw, referral, outcome=Outcome.HELP_STARTED)
    services.accept_referral(sw, referral)
    with pytest.raises(ValidationError):
        services.record_outcome(sw, referral, outcome="invented")
    services.record_outcome(sw, referral, outcome=Outcome.PERSON_DID_NOT_COME)
    with pytest.raises(ValidationError):
        services.record_outcome(sw, referral, outcome=Outcome.HELP_STARTED)


@pytest.mark.parametrize("persona", ["police", "outsider", "municipal", "org_admin"])
def test_only_the_receiving_organisations_staff_answer(people, referral, persona):
    with pytest.raises(PermissionDenied):
        services.accept_referral(actor(people[persona]), referral)
    referral.refresh_from_db()
    assert referral.status == Status.SENT


@pytest.mark.parametrize("persona", ["outsider", "municipal", "hotline", "siva", "statistician", "psy_other"])
def test_outsiders_get_404_and_the_refusal_is_recorded(people, orgs, referral, persona):
    if persona == "psy_other":
        # Another organisation's staff member, same role as the receiver's.
        persona = "outsider"
    with pytest.raises(Http404):
        access.get_referral(actor(people[persona]), referral.reference)
    assert AuditEvent.objects.filter(action=Action.DENIED, object_ref=referral.reference).exists()
    assert referral.reference not in [r.reference for r in access.inbox(actor(people[persona]))]


def test_the_senders_colleague_outside_the_case_team_does_not_see_a_referral_about_a_client(people, orgs,
                                                                                             client_record):
    consent(people["sw"], client_record, orgs["provider_b"], ["identity"])
    referral = send(people["sw"], orgs["provider_b"], "provider_to_provider", client=client_record)
    with pytest.raises(Http404):
        access.get_referral(actor(people["psy"]), referral.reference)
    assert access.get_referral(actor(people["sw"]), referral.reference) == referral


def test_the_receiver_reads_personal_categories_as_a_recorded_disclosure_until_the_consent_is_withdrawn(
        people, orgs, client_record):
    given = consent(people["sw"], client_record, orgs["provider_b"], ["identity", "contact"])
    referral = send(people["sw"], orgs["provider_b"], "provider_to_provider", client=client_record)
    receiver = actor(people["outsider"])
    opened = access.get_referral(receiver, referral.reference)
    assert access.visible_content(receiver, opened)["identity"]["surname"] == "Bērziņa"
    assert AuditEvent.objects.filter(action=Action.DISCLOSE, organisation_id=orgs["provider_b"].pk,
                                     detail__consent=given.pk).count() == 2
    withdraw_consent(actor(people["sw"]), client_record, given)
    hidden = access.visible_content(receiver, access.get_referral(receiver, referral.reference))
    assert "identity" not in hidden and "contact" not in hidden
    # The sender still reads what it sent.
    assert "identity" in access.visible_content(actor(people["sw"]), referral)


def test_the_receiver_gets_a_task_due_after_the_policys_working_days(people, orgs, referral, clock_today):
    sw = actor(people["sw"])
    tasks = reminders.reminders(sw, clock_today)
    assert [t.kind for t in tasks] == ["referral_to_answer"]
    assert tasks[0].case_number == referral.reference and tasks[0].due > clock_today
    assert "Test police" in tasks[0].title
    services.accept_referral(sw, referral)
    assert [t.kind for t in reminders.reminders(sw, clock_today)] == ["referral_outcome_due"]
    assert reminders.reminders(actor(people["police"]), clock_today) == []
