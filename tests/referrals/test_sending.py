"""Sending a referral: every direction, who may send, what travels with and without consent."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from atbalsts.accounts.steps import StepRefused
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.referrals import access, services
from atbalsts.referrals.models import Notification, Referral
from tests.conftest import actor, make_user

from .conftest import DIRECTIONS, consent, send


@pytest.mark.parametrize(("sender", "recipient", "type_code", "extra"), DIRECTIONS)
def test_every_direction_reaches_its_recipient_and_is_audited_on_both_sides(people, orgs, sender, recipient,
                                                                             type_code, extra):
    referral = send(people[sender], orgs[recipient], type_code, **extra)
    assert referral.sender == actor(people[sender]).organisation and referral.recipient == orgs[recipient]
    assert referral.reference.startswith("NS-") and referral.anonymous
    receiver = {"provider_a": "sw", "provider_b": "outsider", "municipal": "municipal"}[recipient]
    assert [r.reference for r in access.inbox(actor(people[receiver]))] == [referral.reference]
    assert [r.reference for r in access.outbox(actor(people[sender]))] == [referral.reference]
    created = AuditEvent.objects.filter(action=Action.CREATE, object_type="referral", object_ref=referral.reference)
    assert sorted(created.values_list("organisation_id", flat=True)) == sorted(
        [referral.sender_id, referral.recipient_id])
    assert Notification.objects.get(referral=referral).organisation == orgs[recipient]


@pytest.mark.parametrize("persona", ["siva", "statistician", "sys_admin", "org_admin"])
def test_organisations_and_roles_that_do_not_refer_are_refused_with_a_reason(people, orgs, persona, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(StepRefused) as refused:
        send(people[persona], orgs["provider_a"], "provider_to_provider")
    assert "send a referral" in refused.value.message_en
    assert not Referral.objects.exists()


def test_a_labour_inspector_cannot_send_a_referral(orgs):
    from atbalsts.accounts.models import Organisation, OrganisationKind, Role

    vdi = Organisation.objects.create(name="Test VDI", kind=OrganisationKind.LABOUR_INSPECTORATE)
    inspector = make_user("inspector", vdi, Role.SPECIALIST)
    with pytest.raises(StepRefused):
        send(inspector, orgs["provider_a"], "hotline_to_provider")


@pytest.mark.parametrize(("persona", "type_code"), [
    ("hotline", "police_to_provider"), ("police", "provider_to_municipality"), ("municipal", "hotline_to_provider"),
    ("sw", "municipal_to_provider"), ("sw", "no_such_type")])
def test_a_type_the_organisation_does_not_send_is_refused(people, orgs, persona, type_code):
    with pytest.raises(ValidationError) as refused:
        send(people[persona], orgs["provider_b"], type_code)
    assert "type_code" in refused.value.message_dict


@pytest.mark.parametrize("recipient", ["police", "siva", "hotline", "provider_a"])
def test_a_recipient_that_does_not_receive_the_type_is_refused(people, orgs, recipient):
    # provider_a is the sender's own organisation.
    with pytest.raises(ValidationError) as refused:
        send(people["sw"], orgs[recipient], "provider_to_provider")
    assert "recipient" in refused.value.message_dict


def test_without_a_second_factor_nothing_is_sent(people, orgs):
    with pytest.raises(PermissionDenied):
        send(people["no_mfa"], orgs["provider_b"], "provider_to_provider")


def test_with_consent_the_name_contact_and_message_travel(people, orgs, hotline_caller):
    given = consent(people["hotline"], hotline_caller, orgs["provider_a"], ["identity", "contact"])
    referral = send(people["hotline"], orgs["provider_a"], "hotline_to_provider", client=hotline_caller,
                    message="Lūdzu zvanīt vakarā.", contact={"note": "pēc 18:00"},
                    summary={"channel": "chat", "language": "ru"})
    assert not referral.anonymous and referral.consent == given
    assert referral.content["identity"]["surname"] == "Zvaigzne"
    assert referral.content["contact"] == {"phone": "+371 26111111", "email": "inga@example.lv", "note": "pēc 18:00"}
    assert referral.content["message"] == "Lūdzu zvanīt vakarā."
    assert referral.consents == {"identity": given.pk, "contact": given.pk, "message": given.pk}


def test_without_consent_only_an_anonymous_notice_travels(people, orgs, hotline_caller):
    # A consent to another organisation does not count.
    consent(people["hotline"], hotline_caller, orgs["provider_b"], ["identity", "contact"])
    referral = send(people["hotline"], orgs["provider_a"], "hotline_to_provider", client=hotline_caller,
                    summary={"channel": "phone", "forms": ["forced_labour"]})
    assert referral.anonymous and referral.consent is None
    assert set(referral.content) == {"summary"}
    text = str(referral.content)
    for personal in ("Zane", "Zvaigzne", "26111111", "example.lv", "1990"):
        assert personal not in text


@pytest.mark.parametrize("field", ["message", "contact"])
def test_free_text_or_contact_without_consent_is_refused_and_nothing_saved(people, orgs, hotline_caller, field):
    value = {"message": "Persona dzīvo Rīgā.", "contact": {"phone": "+371 20000000"}}[field]
    with pytest.raises(ValidationError) as refused:
        send(people["hotline"], orgs["provider_a"], "hotline_to_provider", client=hotline_caller, **{field: value})
    # In the user's language: Latvian unless the page is in English.
    assert "nav piekritusi to nodot Test provider_a" in refused.value.message_dict[field][0]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        send(people["hotline"], orgs["provider_a"], "hotline_to_provider", client=hotline_caller, **{field: value})
    assert "has not agreed to share this with Test provider_a" in refused.value.message_dict[field][0]
    assert not Referral.objects.exists() and not Notification.objects.exists()


def test_a_message_with_no_client_is_refused(people, orgs):
    with pytest.raises(ValidationError):
        send(people["hotline"], orgs["provider_a"], "hotline_to_provider", message="Vārds Uzvārds, tālr. 2000")


def test_each_category_needs_its_own_consent(people, orgs, client_record):
    consent(people["sw"], client_record, orgs["municipal"], ["identity"])
    referral = send(people["sw"], orgs["municipal"], "provider_to_municipality", client=client_record)
    assert set(referral.content) == {"identity"}
    assert "+371 20000001" not in str(referral.content)


def test_a_client_outside_the_senders_case_team_is_refused(people, orgs, client_record):
    with pytest.raises(ValidationError) as refused:
        send(people["psy"], orgs["provider_b"], "provider_to_provider", client=client_record)
    assert "client" in refused.value.message_dict


@pytest.mark.parametrize("summary", [
    {"channel": "Zvanīja Anna Bērziņa no Rīgas"}, {"name": "x"}, {"topics": ["ok"] * 61}, "text"])
def test_the_summary_holds_codes_only(people, orgs, summary):
    with pytest.raises(ValidationError) as refused:
        send(people["hotline"], orgs["provider_a"], "hotline_to_provider", summary=summary)
    assert "summary" in refused.value.message_dict


def test_unknown_indicator_codes_and_overlong_text_are_refused(people, orgs, client_record):
    with pytest.raises(ValidationError):
        send(people["police"], orgs["provider_a"], "police_to_provider", indicators=["made_up"])
    consent(people["sw"], client_record, orgs["provider_b"], ["identity"])
    with pytest.raises(ValidationError):
        send(people["sw"], orgs["provider_b"], "provider_to_provider", client=client_record,
             message="x" * (services.MAX_MESSAGE + 1))


def test_a_type_that_does_not_carry_indicators_refuses_them(people, orgs):
    with pytest.raises(ValidationError) as refused:
        send(people["sw"], orgs["municipal"], "provider_to_municipality", indicators=["isolation"])
    assert "indicators" in refused.value.message_dict


def test_sending_is_all_or_nothing(people, orgs, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the notification could not be written")

    monkeypatch.setattr(services, "_notify", broken)
    with pytest.raises(RuntimeError):
        send(people["police"], orgs["provider_a"], "police_to_provider", indicators=["isolation"])
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(object_type="referral", action=Action.CREATE).exists()


def test_what_travels_reports_the_consent_state(people, orgs, client_record):
    rtype = services.referral_types_on(services._today()).get("provider_to_municipality")
    before = {t.code: t.travels for t in services.what_travels(rtype, orgs["municipal"], client_record)}
    assert before == {"course": False, "identity": False, "contact": False, "message": False}
    consent(people["sw"], client_record, orgs["municipal"], ["identity", "course"])
    after = {t.code: t.travels for t in services.what_travels(rtype, orgs["municipal"], client_record)}
    assert after == {"course": True, "identity": True, "contact": False, "message": True}
