"""Demo data for municipal social services. Called by the lead from ``atbalsts/demo/data.py``.

``build_municipal_demo(orgs, users, today)``
    orgs: ``orgs["riga"]`` (the municipal social service) and ``orgs["provider_a"]``;
    users: ``users["pasvaldiba"]`` (its municipal social worker) and ``users["soc.darbiniece"]``
           (provider A's social worker); if present, ``users["pasvaldiba.kolege"]`` (a second
           municipal social worker, put on two of the case teams) and ``users["pasvaldiba.admins"]``
           (the service's administrator, who assigns the teams).
    today: the demo's "today"; every date is on or before it.
    Makes five municipal cases, one at each step (the closed one with a follow-up due), a
    screening with a referral to provider A, three provider clients with consents to share with
    the municipality (one withdrawn), one answered and one waiting information request, and a
    consent the person of the step-2 case signed at the municipal office for provider A (the
    signed form uploaded there), which provider A sees with its client.
    Step 1 of every case holds the interview, the needs assessment and the home visit.
    Returns a dict of what it made. Running it again adds nothing (the case teams and the office
    consent are also added to a demo built before they existed).

Synthetic only: names are marked "Demo", personal codes are left empty.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership
from atbalsts.people import services as people_services

from . import services
from .models import MunicipalCase, OfficeConsent

MUNICIPAL, PROVIDER = "pasvaldiba", "soc.darbiniece"
COLLEAGUE, ADMIN = "pasvaldiba.kolege", "pasvaldiba.admins"
# The demo person of the step-2 case, who is also provider A's client (same surname, birth date).
OFFICE_PERSON = {"given_names": "Sanita", "surname": "Demo-Pašvaldība", "birth_date": datetime.date(1991, 3, 8)}


def _demo_form() -> bytes:
    """A one-page PDF standing in for the scanned signed form (uploads are parsed, so it must be real)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
        return _teams_and_office_consent(orgs, users, today)
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
        person = {"given_names": given, "surname": "Demo-Pašvaldība", "phone": "+371 29000000"}
        if given == OFFICE_PERSON["given_names"]:
            person.update(OFFICE_PERSON)
        return services.open_case(mw, {"contact_stage": stage, "person": person})

    steps = {
        1: {"interview_on": None, "interview_notes": "Demo: pirmā saruna sociālajā dienestā.",
            "needs": ["safety_housing", "subsistence", "information"],
            "needs_assessment": "Demo: vajadzīgs drošs mājoklis un informācija par tiesībām.",
            "home_visit_on": None, "home_visit_notes": "Demo: dzīvesvieta apsekota, apstākļi droši."},
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
            if n == 1:
                data.update(interview_on=data["date"], home_visit_on=data["date"])
            if n == 4 and last == 5:  # followed up already, ten days ago
                data["follow_up_on"] = _days(today, 10)
            services.record_step(mw, c, data)
        out[f"case_step_{last}"] = c
    # Screening aid and a referral to provider A.
    first = out["case_step_1"]
    screening = services.record_screening(mw, first, {
        "date": _days(today, 40), "indicators": ["documents_confiscated", "little_or_no_pay", "isolation"],
        "criteria": ["recruited", "documents_taken"], "notes": "Demo: stāsta par darbu ārzemēs."})
    # The person agreed that provider A may learn who they are and how to reach them.
    people_services.record_consent(mw, first.client, {
        "recipient": provider, "categories": ["identity", "contact"], "method": "in_person",
        "purpose": "Demo: nosūtījums pie pakalpojuma sniedzēja", "valid_from": _days(today, 40), "valid_until": None})
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
    out.update(_teams_and_office_consent(orgs, users, today))
    return out


def _teams_and_office_consent(orgs, users, today: datetime.date) -> dict:
    """The administrator puts the second worker on two teams; the person of the step-2 case
    signs, at the office, a consent for provider A to share with the service. Once only."""
    riga, provider = orgs["riga"], orgs["provider_a"]
    if OfficeConsent.objects.filter(case__organisation=riga).exists():
        return {}
    cases = list(MunicipalCase.objects.filter(organisation=riga).select_related("client").order_by("pk"))
    mw, sw = _actor(users[MUNICIPAL], riga), _actor(users[PROVIDER], provider)
    out: dict = {}
    if users.get(COLLEAGUE) and users.get(ADMIN):
        admin = _actor(users[ADMIN], riga)
        for c in cases[:2]:
            services.add_to_case_team(admin, c, users[COLLEAGUE].pk)
    office_case = next((c for c in cases if c.client.given_names == OFFICE_PERSON["given_names"]), None)
    if office_case is None or not office_case.client.birth_date:
        return out
    theirs = people_services.create_client(sw, {**OFFICE_PERSON, "phone": "+371 20000001"})
    out["office_consent"] = services.record_office_consent(mw, office_case, {
        "provider": provider, "provider_case_number": theirs.case_number,
        "categories": ["identity", "course", "services"],
        "purpose": "Sociālā gadījuma vadība dzīvesvietas sociālajā dienestā (demo)",
        "valid_from": _days(today, 20), "valid_until": today + datetime.timedelta(days=345)},
        SimpleUploadedFile("piekrisana.pdf", _demo_form(), content_type="application/pdf"))
    return out
