"""Shared steps for the identification and decision tests (the personas come from tests/conftest)."""

from __future__ import annotations

import datetime

from atbalsts.accounts.models import Role
from atbalsts.identification import catalogue, services
from atbalsts.identification.models import Answer, Case, Conclusion
from tests.conftest import actor, make_user


def lawyer(orgs):
    return make_user("lawyer", orgs["provider_a"], Role.LAWYER)


def interview_post(found=("documents_confiscated",), **extra):
    data = {"date": "10.11.2026", "mode": "remote", "interpreter": "on", "interpreter_language": "krievu",
            "exploitation_forms": ["forced_labour", "sham_marriage"], "risk_groups": ["unemployed"],
            "needs": ["safety_housing"], "health": ["trauma", "depression"],
            "recruitment_method": "online_job_ad", "recruitment_website": "darbs.example",
            "recruitment_country": "Latvija", "countries": "Latvija, Īrija",
            "move_0_kind": "exploitation", "move_0_country": "Īrija", "move_0_city": "Dublina",
            "move_0_date": "01.06.2026"}
    for code, *_ in catalogue.INDICATORS:
        data[f"ind_{code}"] = Answer.FOUND if code in found else Answer.NOT_FOUND
        data[f"ind_{code}_note"] = "Pase atņemta" if code in found else ""
    data.update(extra)
    return data


FULL = ("recruited", "documents_taken", "employed_against_will")  # an act, a means and the purpose


def interviewed(sw, case, on=datetime.date(2026, 11, 1)):
    """An interview that found an indicator: what a commission needs before it is convened."""
    return services.record_interview(sw, case, {"date": on, "mode": "in_person",
                                                "indicators": {"documents_confiscated": ("found", "")}})


def recognised_case(people, orgs, client, meeting_date=None, items=FULL, eligibility=None) -> Case:
    """A case recognised by a full commission, every member having acknowledged (service calls),
    with the person's citizenship recorded (an EU citizen unless ``eligibility`` says otherwise)."""
    sw = actor(people["sw"])
    case = services.open_case(sw, client)
    interviewed(sw, case)
    commission = services.convene_commission(sw, case, meeting_date or datetime.date(2026, 11, 12))
    law = lawyer(orgs) if "lawyer" not in people else people["lawyer"]
    people["lawyer"] = law
    from atbalsts.accounts.models import Membership

    for user in (people["psy"], law, people["police"]):
        m = Membership.objects.get(user=user)
        services.add_commission_member(sw, commission, m.pk)
    findings = {code: (code in items, "") for code in catalogue.CRITERIA_ITEMS}
    for user in (people["sw"], people["psy"], law, people["police"]):
        services.record_assessment(actor(user), commission, findings, "Atzīstama par upuri.")
    services.conclude_commission(sw, commission, Conclusion.RECOGNISED, "Kritēriji izpildīti.")
    for user in (people["sw"], people["psy"], law, people["police"]):
        services.acknowledge(actor(user), commission)
    services.record_eligibility(sw, case, eligibility or {"eu_citizen": True})
    case.refresh_from_db()
    return case
