"""Events in one organisation that another must act on become tasks for the right people there,
and lines of their daily digest: each event performed through its own service function."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from atbalsts.accounts.models import Membership, Role
from atbalsts.audit.models import AuditEvent
from atbalsts.decisions import services as decision_services
from atbalsts.identification import services as identification_services
from atbalsts.municipal import services as municipal_services
from atbalsts.people.services import record_consent, withdraw_consent
from atbalsts.portal.services import submit_report
from atbalsts.referrals import services as referral_services
from atbalsts.tasks import access, services
from atbalsts.tasks.digest import send_digest
from atbalsts.tasks.models import Task
from tests.conftest import actor, make_user
from tests.identification.flow import interviewed

from .conftest import TODAY

PERSONAL = ("Līga", "Bērziņa", "000101-12345", "Ūdens", "+371", "Marta", "Ozola")


def _notices(user):
    """The notices on the user's task list (acting for their organisation), titles in English."""
    with translation.override("en"):
        return [i for i in access.task_list(actor(user), TODAY) if i.is_notice]


def _verify(*users):
    for user in users:
        EmailAddress.objects.create(user=user, email=f"{user.username}@example.lv", verified=True, primary=True)


def _digest_of(user):
    return next(m for m in mail.outbox if m.to == [f"{user.username}@example.lv"])


@pytest.fixture
def commission(people, client_record):
    sw = actor(people["sw"])
    case = identification_services.open_case(sw, client_record)
    interviewed(sw, case)
    return identification_services.convene_commission(sw, case, datetime.date(2026, 11, 26))


# --- 1. a member is invited to a commission ------------------------------------------------------


def test_the_invited_police_member_gets_a_task_linking_to_the_commission(people, commission, login):
    assert _notices(people["police"]) == []
    membership = Membership.objects.get(user=people["police"])
    identification_services.add_commission_member(actor(people["sw"]), commission, membership.pk)

    [item] = _notices(people["police"])
    assert item.url == f"/identification/commissions/{commission.pk}/"
    assert item.due == datetime.date(2026, 11, 26)
    assert str(commission) in item.title
    # The link works for them, and they can complete the task.
    assert login(people["police"]).get(item.url).status_code == 200
    services.set_done(actor(people["police"]), access.get_task(actor(people["police"]), item.task_id))
    assert _notices(people["police"]) == []
    # Nobody else has it, nor may open it.
    for other in ("sw", "psy", "outsider", "siva", "municipal", "hotline"):
        assert _notices(people[other]) == [], other
        with pytest.raises(Http404):
            access.get_task(actor(people[other]), item.task_id)


def test_a_refused_invitation_tells_nobody(people, commission):
    with pytest.raises(ValidationError):
        identification_services.add_commission_member(actor(people["sw"]), commission, 999_999)
    assert not Task.objects.exists()


# --- 2. SIVA decides on an application ---------------------------------------------------------


@pytest.mark.parametrize("data", [
    {"outcome": "grant", "service_start": TODAY},
    {"outcome": "queue"},
    {"outcome": "refuse", "refusal_reason": "documents_incomplete", "refusal_text": "Trūkst dokumentu."},
])
def test_the_providers_case_team_learns_of_the_siva_decision(people, application_due_today, data, login):
    before = Task.objects.count()
    decision = decision_services.decide_application(actor(people["siva"]), application_due_today, data)
    [item] = _notices(people["sw"])
    assert item.url == f"/decisions/letters/{decision.pk}/"
    assert item.case_number == application_due_today.case.client.case_number
    assert application_due_today.reference in item.title
    assert login(people["sw"]).get(item.url).status_code == 200
    assert Task.objects.count() == before + 1  # the team is the social worker alone
    for other in ("outsider", "siva", "municipal", "hotline"):
        assert _notices(people[other]) == [], other


# --- 3. a consent naming a municipality is given or withdrawn ----------------------------------


def _consent(people, client, recipient):
    return record_consent(actor(people["sw"]), client, {
        "recipient": recipient, "categories": ["identity", "services"], "purpose": "Sociālais darbs",
        "valid_from": TODAY, "valid_until": None, "method": "in_person"})


def test_a_consent_naming_a_municipality_tells_its_social_workers_until_a_case_is_linked(
        people, orgs, client_record, login):
    colleague = make_user("municipal2", orgs["municipal"], Role.MUNICIPAL_SOCIAL_WORKER)
    admin = make_user("muni_admin", orgs["municipal"], Role.ORG_ADMIN)
    _consent(people, client_record, orgs["municipal"])

    for worker in (people["municipal"], colleague):
        [item] = _notices(worker)
        assert item.url == "/clients/shared/" and "given" in item.title
        assert item.case_number == ""  # the provider's client is not the municipality's
    assert login(colleague).get("/clients/shared/").status_code == 200
    for other in ("sw", "outsider", "hotline", "police"):
        assert _notices(people[other]) == [], other
    assert _notices(admin) == []  # cannot open the shared clients, so is not told


def test_a_consent_withdrawn_tells_the_team_of_the_linked_municipal_case(people, orgs, client_record, login):
    colleague = make_user("municipal2", orgs["municipal"], Role.MUNICIPAL_SOCIAL_WORKER)
    consent = _consent(people, client_record, orgs["municipal"])
    case = municipal_services.open_case(actor(people["municipal"]), {
        "contact_stage": "after", "person": {"given_names": "Marta", "surname": "Ozola"}})
    municipal_services.link_provider_client(actor(people["municipal"]), case, client_record.case_number)

    withdraw_consent(actor(people["sw"]), client_record, consent)

    [item] = [i for i in _notices(people["municipal"]) if "withdrawn" in i.title]
    assert item.url == f"/municipal/cases/{case.pk}/"
    assert case.reference in item.title
    assert item.case_number == case.client.case_number
    assert login(people["municipal"]).get(item.url).status_code == 200
    # The colleague is not on the case's team: only the earlier "given" reached them.
    assert ["given" in i.title for i in _notices(colleague)] == [True]
    for other in ("sw", "outsider", "hotline", "police"):
        assert _notices(people[other]) == [], other


def test_a_consent_naming_a_provider_tells_nobody(people, orgs, client_record):
    _consent(people, client_record, orgs["provider_b"])
    assert not Task.objects.exists()


# --- 4. an anonymous report arrives from the public portal -------------------------------------


def test_the_hotlines_operators_get_the_anonymous_report(people, orgs, login):
    second = make_user("hotline2", orgs["hotline"], Role.HOTLINE_OPERATOR)
    report = submit_report(orgs["hotline"], {"what_happened": "Līga strādā bez algas", "where": "Rīga",
                                             "danger_now": "no", "language": "lv"})
    for operator in (people["hotline"], second):
        [item] = _notices(operator)
        assert item.url == f"/hotline/{report.reference}/"
        assert report.reference not in item.title and "Līga" not in item.title
    assert login(people["hotline"]).get(f"/hotline/{report.reference}/").status_code == 200
    for other in ("sw", "outsider", "siva", "municipal", "police"):
        assert _notices(people[other]) == [], other
    assert AuditEvent.objects.filter(object_type="notice", object_ref="anonymous_report").count() == 1


# --- 5. a referral arrives: already a reminder of the receiver ---------------------------------


def test_an_arriving_referral_is_on_the_receivers_list_and_in_the_digest(people, orgs, settings):
    settings.ATBALSTS_REMINDER_SOURCES = ["atbalsts.referrals.reminders"]
    referral = referral_services.send_referral(
        actor(people["hotline"]), recipient=orgs["provider_a"], type_code="hotline_to_provider",
        summary={"channel": "phone", "forms": ["forced_labour"]})
    [item] = [i for i in access.task_list(actor(people["sw"]), TODAY) if i.kind == "referral_to_answer"]
    assert item.url == f"/referrals/{referral.reference}/"
    assert [i for i in access.task_list(actor(people["outsider"]), TODAY) if i.kind.startswith("referral")] == []
    _verify(people["sw"], people["outsider"])
    send_digest(TODAY, base_url="http://localhost:8000")
    assert f"http://localhost:8000/referrals/{referral.reference}/" in _digest_of(people["sw"]).body
    assert [m.to for m in mail.outbox] == [["sw@example.lv"]]


# --- the digest --------------------------------------------------------------------------------


def test_the_digest_carries_each_notice_as_a_title_and_a_link_without_personal_data(
        people, orgs, application_due_today, client_record, settings):
    settings.ATBALSTS_REMINDER_SOURCES = []
    commission = application_due_today.case.commissions.get()  # the police official was invited to it
    decision = decision_services.decide_application(actor(people["siva"]), application_due_today,
                                                    {"outcome": "queue"})
    _consent(people, client_record, orgs["municipal"])
    report = submit_report(orgs["hotline"], {"what_happened": "Bērziņa, Ūdens iela 1", "danger_now": "no",
                                             "language": "lv"})
    _verify(people["police"], people["sw"], people["municipal"], people["hotline"], people["outsider"])
    send_digest(TODAY, base_url="http://localhost:8000")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["police@example.lv", "sw@example.lv", "municipal@example.lv", "hotline@example.lv"])
    expected = {
        people["police"]: (f"/identification/commissions/{commission.pk}/", "Uzaicinājums uz identifikācijas komisiju"),
        people["sw"]: (f"/decisions/letters/{decision.pk}/", "SIVA ir pieņēmusi lēmumu"),
        people["municipal"]: ("/clients/shared/", "Piekrišana"),
        people["hotline"]: (f"/hotline/{report.reference}/", "jauns anonīms ziņojums"),
    }
    for user, (url, words) in expected.items():
        body = _digest_of(user).body
        assert f"http://localhost:8000{url}" in body and words in body, user.username
    for m in mail.outbox:
        for personal in PERSONAL:
            assert personal not in m.body and personal not in m.subject


def test_a_notice_title_is_translated_when_shown(people, orgs):
    submit_report(orgs["hotline"], {"what_happened": "x", "danger_now": "no", "language": "lv"})
    task = Task.objects.get()
    assert task.title == ""
    with translation.override("en"):
        assert task.display_title == "A new anonymous report arrived: read and triage it"
    with translation.override("lv"):
        assert task.display_title != "A new anonymous report arrived: read and triage it"
