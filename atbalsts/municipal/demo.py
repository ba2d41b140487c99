"""Demo data for municipal social services. Called by the lead from ``atbalsts/demo/data.py``.

``build_municipal_demo(orgs, users, today)``
    orgs: ``orgs["riga"]`` (the municipal social service) and ``orgs["provider_a"]``;
    users: ``users["pasvaldiba"]`` (its municipal social worker) and ``users["soc.darbiniece"]``
           (provider A's social worker).
    today: the demo's "today"; every date is on or before it.
    Makes five municipal cases, one at each step (the closed one with a follow-up due), a
    screening with a referral to provider A, three provider clients with consents to share with
    the municipality (one withdrawn), one answered and one waiting information request.
    Returns a dict of what it made. Running it again adds nothing.

Synthetic only: names are marked "Demo", personal codes are left empty.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership
from atbalsts.people import services as people_services

from . import services
from .models import MunicipalCase

MUNICIPAL, PROVIDER = "pasvaldiba", "soc.darbiniece"


def _actor(user, org) -> Actor:
    roles = frozenset(Membership.objects.filter(user=user, organisation=org).values_list("role", flat=True))
    # The demo loader acts as each worker; it is a system task, so the second factor is implied.
    return Actor(user=user, organisation=org, roles=roles, mfa_verified=True)


def _days(today: datetime.date, n: int) -> datetime.date:
    return today - datetime.timedelta(days=n)


@transaction.atomic
def build_municipal_demo(orgs, users, today: datetime.date) -> dict:
    riga, provider = orgs["riga"], orgs["provider_a"]
    if MunicipalCase.objects.filter(organisation=riga).exists():
        return {}
    mw, sw = _actor(users[MUNICIPAL], riga), _actor(users[PROVIDER], provider)
    out: dict = {}

    # Provider clients who agreed to share with the municipality of their residence.
    def provider_client(given: str, surname: str):
        return people_services.create_client(sw, {
            "given_names": given, "surname": surname, "birth_date": datetime.date(1990, 5, 17),
            "phone": "+371 20000000", "address": "Demo iela 1, Rīga, LV-1001"})

    shared = provider_client("Kristīne", "Demo-Piekrišana")
    waiting = provider_client("Jeļena", "Demo-Pieprasījums")
    withdrawn = provider_client("Agnese", "Demo-Atsaukta")

    def consent(client, categories, days_ago=30):
        return people_services.record_consent(sw, client, {
            "recipient": riga, "categories": categories, "method": "in_person",
            "purpose": "Ilgtermiņa sociālais darbs dzīvesvietas pašvaldībā (demo)",
            "valid_from": _days(today, days_ago), "valid_until": today + datetime.timedelta(days=335)})

    out["consent_shared"] = consent(shared, ["identity", "contact", "course", "services"])
    out["consent_waiting"] = consent(waiting, ["identity", "plan", "health"])
    out["consent_withdrawn"] = people_services.withdraw_consent(sw, withdrawn, consent(withdrawn, ["identity"]))

    # Municipal cases, one at each step.
    def case(given: str, stage: str):
        return services.open_case(mw, {"contact_stage": stage, "person": {
            "given_names": given, "surname": "Demo-Pašvaldība", "phone": "+371 29000000"}})

    steps = {
        1: {},
        2: {"fits_target_group": True, "risk_groups": ["unemployed", "women_18_40"],
            "needs": ["safety_housing", "subsistence"], "health": ["trauma"]},
        3: {"activities": ["state_rehabilitation", "social_work", "benefits"]},
        4: {"outcome": "close", "follow_up_on": today},
        5: {"notes": "Demo: situācija stabila, atkārtota ekspluatācija nav konstatēta."},
    }
    names = ["Laura", "Sanita", "Evija", "Olga", "Dina"]
    stages = ["before", "during", "during", "after", "after"]
    for last in range(1, 6):
        c = case(names[last - 1], stages[last - 1])
        for n in range(1, last + 1):
            data = {"step": n, "date": _days(today, 60 - 10 * n), **steps[n]}
            if n == 4 and last == 5:  # followed up already, ten days ago
                data["follow_up_on"] = _days(today, 10)
            services.record_step(mw, c, data)
        out[f"case_step_{last}"] = c
    # Screening aid and a referral to provider A.
    first = out["case_step_1"]
    screening = services.record_screening(mw, first, {
        "date": _days(today, 40), "indicators": ["documents_confiscated", "little_or_no_pay", "isolation"],
        "criteria": ["recruited", "documents_taken"], "notes": "Demo: stāsta par darbu ārzemēs."})
    out["referral"] = services.send_referral(mw, screening, {
        "provider": provider, "message": "Demo: lūdzam sazināties un izvērtēt personu.",
        "contact_name": "Laura D.", "contact_phone": "+371 29000000"})
    # Information requests after the course: one answered under consent, one waiting.
    third = out["case_step_3"]
    services.link_provider_client(mw, third, shared.case_number)
    answered = services.send_information_request(mw, third, {
        "provider": provider, "provider_case_number": shared.case_number, "sent_on": _days(today, 14),
        "asked": "Lūdzam informāciju par sniegtajiem pakalpojumiem un ieteikumus turpmākajam darbam."})
    out["request_answered"] = services.answer_information_request(sw, answered, {
        "answered_on": _days(today, 7), "answer": "Demo: 180 dienu kurss pabeigts; psihologa un jurista konsultācijas.",
        "recommendations": "Demo: turpināt psihologa atbalstu, palīdzēt ar darba meklēšanu."})
    out["request_waiting"] = services.send_information_request(mw, out["case_step_4"], {
        "provider": provider, "provider_case_number": waiting.case_number, "sent_on": _days(today, 3),
        "asked": "Lūdzam informāciju par kursa norisi."})
    return out
