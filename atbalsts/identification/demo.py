"""Demo data for the identification stage. Called by the lead from ``atbalsts/demo/data.py``.

``build_identification_demo(orgs, users, today)``
    orgs:  dict of demo organisations by key; uses ``"provider_a"`` (the case organisation).
    users: dict of demo users by username; uses ``"soc.darbiniece"`` (social worker, provider A),
           ``"psihologs"``, ``"jurists"`` (provider A) and ``"policists"`` (State Police).
    today: the demo's "today" (a date); interviews and meetings are dated a few days before it.
    Returns a dict of the cases it made, by step.
Every person is synthetic.
"""

from __future__ import annotations

import datetime

from atbalsts.accounts.actor import Actor, actor_for
from atbalsts.accounts.models import Membership
from atbalsts.people.services import create_client

from . import catalogue, services
from .models import Case, Conclusion, Ground, ProceedingsStanding

SW, PSY, LAW, POLICE = "soc.darbiniece", "psihologs", "jurists", "policists"
# An invited specialist from another organisation (the State Labour Inspectorate).
INSPECTOR = "darba.inspektors"


def _actor(user) -> Actor:
    base = actor_for(user)
    return Actor(user=user, organisation=base.organisation, roles=base.roles, mfa_verified=True)


def _client(sw: Actor, given: str, surname: str, birth: datetime.date):
    return create_client(sw, {"given_names": given, "surname": surname, "birth_date": birth,
                              "address": "Demo iela 1, Rīga"})


def _interviewed(sw: Actor, client, today) -> Case:
    case = services.open_case(sw, client)
    services.record_interview(sw, case, {
        "date": today - datetime.timedelta(days=7), "mode": "remote", "interpreter": True,
        "interpreter_language": "krievu",
        "indicators": {"documents_confiscated": ("found", ""), "little_or_no_pay": ("found", ""),
                       "isolation": ("unknown", "")},
        "exploitation_forms": ["forced_labour"], "risk_groups": ["unemployed"], "needs": ["safety_housing"],
        "health": ["trauma"], "recruitment_method": "online_job_ad", "recruitment_country": "Latvija",
        "countries": ["Latvija", "Īrija"],
        "movements": [{"kind": "exploitation", "country": "Īrija", "city": "Dublina", "date": None}],
    })
    return case


# A recognition seen the same way by every member: an act, the means and the purpose.
FULL = ("recruited", "documents_taken", "employed_against_will")


def recognise(users, case: Case, meeting: datetime.date, items=FULL, findings_by=None,
              today: datetime.date | None = None, eligibility: dict | None = None,
              invite: tuple[str, ...] = ()) -> Case:
    """Convene a full commission for ``case`` (an interviewed one), assess, conclude "recognised",
    acknowledge, and record the person's citizenship (an EU citizen unless ``eligibility`` says
    otherwise) so that the provider can apply to SIVA.

    ``findings_by`` maps a member's username to the items that member found (the others find ``items``).
    """
    sw = _actor(users[SW])
    commission = services.convene_commission(sw, case, meeting)
    for name in (PSY, LAW, POLICE, *invite):
        services.add_commission_member(sw, commission, Membership.objects.filter(user=users[name]).first().pk)
    members = (SW, PSY, LAW, POLICE, *invite)
    for name in members:
        own = (findings_by or {}).get(name, items)
        findings = {code: (code in own, "") for code in catalogue.CRITERIA_ITEMS}
        opinion = "Kritēriji konstatēti." if own == items else "Konstatēju tikai daļu kritēriju."
        services.record_assessment(_actor(users[name]), commission, findings, opinion)
    # The demo's day, never before the meeting (the demo may run on another day than the clock's).
    services.conclude_commission(sw, commission, Conclusion.RECOGNISED,
                                 "Konstatēta darbība, līdzeklis un ekspluatācijas nolūks.",
                                 today=max(today or meeting, meeting))
    for name in members:
        services.acknowledge(_actor(users[name]), commission)
    services.record_eligibility(sw, case, eligibility or {"eu_citizen": True})
    case.refresh_from_db()
    return case


def build_identification_demo(orgs, users, today: datetime.date) -> dict[str, Case]:
    sw = _actor(users[SW])
    out: dict[str, Case] = {}
    out["opened"] = services.open_case(sw, _client(sw, "Sanita", "Demo-Atvērtā", datetime.date(1998, 2, 3)))
    out["interviewed"] = _interviewed(sw, _client(sw, "Jeļena", "Demo-Intervētā", datetime.date(1993, 6, 9)), today)
    convened = _interviewed(sw, _client(sw, "Olga", "Demo-Komisija", datetime.date(1990, 1, 20)), today)
    commission = services.convene_commission(sw, convened, today)
    services.add_commission_member(sw, commission, Membership.objects.filter(user=users[PSY]).first().pk)
    out["commission_without_police"] = convened
    minor = _interviewed(sw, _client(sw, "Katrīna", "Demo-Nepilngadīgā", today.replace(year=today.year - 16)),
                         today)
    # The labour inspector sits as an invited specialist (when the demo has one).
    invite = (INSPECTOR,) if INSPECTOR in users else ()
    out["recognised_minor"] = recognise(users, minor, today - datetime.timedelta(days=3),
                                        items=("recruited", "excess_hours"), today=today, invite=invite)
    # Assessed at 19, recruited at 16: a minor for the means, though an adult now. Recruited,
    # transported and made to work long hours, with no means found — enough for a minor. The
    # State Police official found only the recruitment: the protocol shows it per member.
    adult_now = _interviewed(sw, _client(sw, "Marta", "Demo-Agrāk-Nepilngadīgā",
                                         today - datetime.timedelta(days=365 * 19 + 60)), today)
    services.record_exploitation_start(sw, adult_now, {"age": 16}, today=today)
    out["recognised_minor_then"] = recognise(
        users, adult_now, today - datetime.timedelta(days=2), items=("recruited", "transported", "excess_hours"),
        findings_by={POLICE: ("recruited",)}, today=today)
    # A witness in criminal proceedings who does not want to be recognised as a victim (ground 1).
    witness = _interviewed(sw, _client(sw, "Inese", "Demo-Lieciniece", datetime.date(1988, 4, 12)), today)
    services.record_ground(sw, witness, {
        "ground": Ground.PROCEEDINGS, "standing": ProceedingsStanding.WITNESS, "document_number": "DEMO-11816000777",
        "document_date": today - datetime.timedelta(days=5), "issuing_body": "Valsts policija (demo)"})
    out["witness"] = witness
    return out
