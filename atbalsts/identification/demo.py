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
from .models import Case, Conclusion

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


def recognise(users, case: Case, meeting: datetime.date, items=("recruited", "documents_taken"),
              eligibility: dict | None = None, invite: tuple[str, ...] = ()) -> Case:
    """Convene a full commission for ``case`` (an interviewed one), assess, conclude "recognised",
    acknowledge, and record the person's citizenship (an EU citizen unless ``eligibility`` says
    otherwise) so that the provider can apply to SIVA."""
    sw = _actor(users[SW])
    commission = services.convene_commission(sw, case, meeting)
    for name in (PSY, LAW, POLICE, *invite):
        services.add_commission_member(sw, commission, Membership.objects.filter(user=users[name]).first().pk)
    findings = {code: (code in items, "") for code in catalogue.CRITERIA_ITEMS}
    members = (SW, PSY, LAW, POLICE, *invite)
    for name in members:
        services.record_assessment(_actor(users[name]), commission, findings, "Kritēriji konstatēti.")
    services.conclude_commission(sw, commission, Conclusion.RECOGNISED, "Konstatēti 1. un 2. grupas kritēriji.")
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
    out["recognised_minor"] = recognise(users, minor, today - datetime.timedelta(days=3), items=("recruited",),
                                        invite=invite)
    return out
