"""The municipal demo: built once after the existing demo, and what the demo users then see."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.utils import timezone

from atbalsts.accounts.models import Organisation, User
from atbalsts.municipal import reminders
from atbalsts.municipal.demo import build_municipal_demo
from atbalsts.municipal.models import CaseStatus, InformationRequest, MunicipalCase, OfficeConsent
from atbalsts.people.models import Consent
from atbalsts.referrals.models import Referral
from tests.conftest import actor


@pytest.fixture
def demo(db):
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    orgs = {
        "riga": Organisation.objects.get(short_name="Rīgas SD"),
        "provider_a": Organisation.objects.get(short_name="Drošā osta"),
    }
    users = {u.username: u for u in User.objects.filter(
        username__in=["pasvaldiba", "soc.darbiniece", "pasvaldiba.kolege", "pasvaldiba.admins"])}
    for user in users.values():  # the tests see the real second-factor requirement
        TOTP.activate(user, generate_totp_secret())
    return orgs, users


def test_the_municipal_demo_puts_cases_at_every_step_with_referral_requests_and_consents(demo, login):
    orgs, users = demo
    today = timezone.localdate()
    # The demo command may already have called it; either way it is built once.
    build_municipal_demo(orgs, users, today)
    assert build_municipal_demo(orgs, users, today) == {}
    cases = MunicipalCase.objects.filter(organisation=orgs["riga"])
    assert cases.count() == 5
    last = {c.latest_step.step: c for c in cases}
    assert sorted(last) == [1, 2, 3, 4, 5]
    assert last[4].status == CaseStatus.CLOSED and last[1].status == CaseStatus.OPEN
    referral = Referral.objects.get(origin_type="municipal_screening")
    assert referral.recipient == orgs["provider_a"]
    answered = InformationRequest.objects.get(answered_on__isnull=False)
    waiting = InformationRequest.objects.get(answered_on__isnull=True)
    # The referrals demo adds one more consent naming Riga, for its provider → municipality referral.
    consents = Consent.objects.filter(recipient=orgs["riga"], recorded_at_organisation__isnull=True).exclude(
        client__in=Referral.objects.exclude(origin_type="municipal_screening").filter(client__isnull=False).values(
            "client"))
    assert consents.count() == 3
    withdrawn = consents.get(withdrawn_at__isnull=False)
    shared_client = answered.consent.client

    municipal = login(users["pasvaldiba"])
    municipal.cookies["django_language"] = "en"
    index = municipal.get("/municipal/").content.decode()
    assert all(c.reference in index for c in cases)
    shared = municipal.get("/clients/shared/").content.decode()
    assert shared_client.case_number in shared
    assert withdrawn.client.case_number not in shared
    assert municipal.get(f"/clients/{withdrawn.client.case_number}/shared/").status_code == 404
    assert municipal.get(f"/clients/{shared_client.case_number}/shared/").status_code == 200
    assert "180 dienu kurss pabeigts" in municipal.get(f"/municipal/requests/{answered.pk}/").content.decode()
    kinds = {r.kind for r in reminders.reminders(actor(users["pasvaldiba"]), today)}
    assert kinds == {"information_request_waiting", "municipal_follow_up_due"}

    provider = login(users["soc.darbiniece"])
    assert referral.reference in provider.get("/municipal/incoming/referrals/", follow=True).content.decode()
    assert waiting.reference in provider.get("/municipal/incoming/requests/").content.decode()
    assert {r.kind for r in reminders.reminders(actor(users["soc.darbiniece"]), today)} >= {
        "information_request_to_answer"}


def test_every_demo_case_has_a_team_and_one_shows_a_consent_signed_at_the_office(demo, login):
    orgs, users = demo
    cases = list(MunicipalCase.objects.filter(organisation=orgs["riga"]))
    assert all(c.client.team.filter(user=users["pasvaldiba"]).exists() for c in cases)
    with_colleague = [c for c in cases if c.client.team.filter(user=users["pasvaldiba.kolege"]).exists()]
    assert len(with_colleague) == 2
    office = OfficeConsent.objects.get()
    consent = office.consent
    assert consent.recorded_at_organisation == orgs["riga"] and consent.recipient == orgs["riga"]
    assert consent.client.organisation == orgs["provider_a"] and consent.signed_form is not None
    # The colleague sees only the cases whose team they are on.
    colleague = login(users["pasvaldiba.kolege"])
    index = colleague.get("/municipal/").content.decode()
    assert all(c.reference in index for c in with_colleague)
    assert not any(c.reference in index for c in cases if c not in with_colleague)
    # The administrator sees every team, nothing of the person.
    teams = login(users["pasvaldiba.admins"]).get("/municipal/teams/").content.decode()
    assert all(c.reference in teams for c in cases) and "Demo-Pašvaldība" not in teams
    # The provider sees the consent with its client, marked as signed at the municipal office.
    provider = login(users["soc.darbiniece"])
    provider.cookies["django_language"] = "en"
    page = provider.get(f"/clients/{consent.client.case_number}/").content.decode()
    assert f"Signed at {orgs['riga']}" in page
    # Built once: running the demo again adds nothing.
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    assert OfficeConsent.objects.count() == 1
