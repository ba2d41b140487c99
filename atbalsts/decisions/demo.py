"""Demo data for SIVA's stage. Called by the lead from ``atbalsts/demo/data.py``.

``build_decisions_demo(orgs, users, today)``
    orgs, users: as for :func:`atbalsts.identification.demo.build_identification_demo`, plus
                 ``users["siva.ierednis"]`` (the SIVA officer).
    today: the demo's "today"; the applications are received so that one is due today, one is
           overdue, one is fresh, two wait in the queue, one is granted and one refused.
    Returns a dict of the applications it made, by situation.
"""

from __future__ import annotations

import datetime

from atbalsts.identification.demo import SW, _actor, _client, _interviewed, recognise

from . import services
from .models import Application, Outcome, Signatory

SIVA = "siva.ierednis"


def _received_for_deadline(deadline: datetime.date) -> datetime.date:
    """The latest receipt date whose decision falls due on ``deadline``."""
    d = deadline - datetime.timedelta(days=1)
    while services.deadline_for(d) > deadline:
        d -= datetime.timedelta(days=1)
    return d


def build_decisions_demo(orgs, users, today: datetime.date) -> dict[str, Application]:
    sw, siva = _actor(users[SW]), _actor(users[SIVA])
    plan = [
        ("due_today", "Inga", _received_for_deadline(today)),
        ("overdue", "Marina", _received_for_deadline(today) - datetime.timedelta(days=7)),
        ("fresh", "Daiga", today),
        ("queued_first", "Tatjana", today - datetime.timedelta(days=20)),
        ("queued_second", "Zane", today - datetime.timedelta(days=15)),
        ("granted", "Ieva", today - datetime.timedelta(days=30)),
        ("refused", "Natālija", today - datetime.timedelta(days=25)),
    ]
    # One person is not an EU citizen: eligible on the legal basis the provider records, which SIVA sees.
    non_eu = {"eu_citizen": False, "permit_status": "applied", "legal_basis": "reflection_period",
              "legal_basis_note": "Demo: pārdomu periods noteikts ar Valsts policijas lēmumu."}
    out: dict[str, Application] = {}
    for key, given, received in plan:
        client = _client(sw, given, f"Demo-SIVA-{key}", datetime.date(1992, 4, 4))
        case = recognise(users, _interviewed(sw, client, received), received - datetime.timedelta(days=2),
                         eligibility=non_eu if key == "fresh" else None)
        out[key] = services.submit_application(sw, case, {
            "ground": case.grounds.get(), "signatory": Signatory.PERSON, "signatory_name": f"{given} Demo",
            "signed_on": received, "received_on": received})
    for key in ("queued_first", "queued_second"):
        services.decide_application(siva, out[key], {"outcome": Outcome.QUEUE})
    services.decide_application(siva, out["granted"], {"outcome": Outcome.GRANT, "service_start": today})
    services.decide_application(siva, out["refused"], {
        "outcome": Outcome.REFUSE, "refusal_reason": "documents_incomplete",
        "refusal_text": "Demo: iesniegumam nav pievienots personas paraksts."})
    return out
