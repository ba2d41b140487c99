"""Real objects of several organisations for the authorisation matrix and the API fuzzing.

Provider A's client (Līga Bērziņa) is taken from first contact through recognition, SIVA's grant,
a course and a municipal information request; provider B has its own client (Zane Outsidere).
Every string below that is personal data of one organisation must never reach another.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from atbalsts.accounts.models import Role
from atbalsts.decisions import services as decisions
from atbalsts.hotline import services as hotline
from atbalsts.identification.models import Case, Commission
from atbalsts.municipal import services as municipal
from atbalsts.people import services as people_services
from atbalsts.portal import services as portal
from atbalsts.rehabilitation.models import Course
from atbalsts.tasks import services as tasks
from tests.conftest import actor, make_user
from tests.identification.flow import recognised_case

# A Monday: the grant starts the course on the following Monday.
TODAY = datetime.date(2026, 11, 16)

B_PERSON = {
    "given_names": "Zane",
    "surname": "Outsidere",
    "personal_code": "000202-54321",
    "birth_date": datetime.date(1990, 2, 2),
    "sex": "female",
    "citizenship": "Latvija",
    "phone": "+371 29876543",
    "address": "Slepenā iela 9, Rīga",
}


@dataclass
class World:
    people: dict
    orgs: dict
    client: object
    case: Case
    commission: Commission
    application: object
    decision: object
    course: Course
    mcase: object
    request: object
    b_client: object
    task: object
    report: object
    extra: dict = field(default_factory=dict)

    # Personal data of each side, to look for in bodies the other side receives.
    @property
    def a_secrets(self) -> list[str]:
        # Not the case number: it is pseudonymous, and the audit trail and a municipality that asked
        # about it by number legitimately show it.
        return ["Bērziņa", "000101-12345", "+371 20000001", "Ūdens iela 1"]

    @property
    def b_secrets(self) -> list[str]:
        return ["Outsidere", "000202-54321", "+371 29876543", "Slepenā iela 9", self.b_client.case_number]


def build_world(people: dict, orgs: dict, client) -> World:
    # The protocol and letter PDFs are rendered on request in the tests; storing them here
    # would only spend a minute in WeasyPrint.
    from unittest import mock

    with mock.patch("atbalsts.lib.documents.render_pdf", return_value=b"%PDF-1.7 test"):
        return _build(people, orgs, client)


def _build(people: dict, orgs: dict, client) -> World:
    people.setdefault("lawyer", make_user("lawyer", orgs["provider_a"], Role.LAWYER))
    people.setdefault("medical", make_user("medical", orgs["provider_a"], Role.MEDICAL))
    case = recognised_case(people, orgs, client)
    commission = case.commissions.get()
    application = decisions.submit_application(
        actor(people["sw"]),
        case,
        {
            "ground": case.grounds.get(),
            "signatory": "person",
            "signatory_name": "L. B.",
            "signed_on": datetime.date(2026, 11, 13),
            "received_on": datetime.date(2026, 11, 13),
        },
    )
    decision = decisions.decide_application(
        actor(people["siva"]), application, {"outcome": "grant", "service_start": datetime.date(2026, 11, 23)}
    )
    course = Course.objects.get(decision=decision)
    mcase = municipal.open_case(
        actor(people["municipal"]),
        {"contact_stage": "after", "person": {"given_names": "Marta", "surname": "Ozola", "phone": "+371 29999999"}},
    )
    request = municipal.send_information_request(
        actor(people["municipal"]),
        mcase,
        {
            "provider": orgs["provider_a"],
            "provider_case_number": client.case_number,
            "asked": "Kādi pakalpojumi sniegti?",
            "sent_on": TODAY,
        },
    )
    b_client = people_services.create_client(actor(people["outsider"]), B_PERSON)
    task = tasks.create_task(
        actor(people["sw"]), {"title": "Piezvanīt", "due": TODAY, "case_number": client.case_number}
    )
    report = portal.submit_report(orgs["hotline"], {"what_happened": "Aizdomas par piespiedu darbu.", "language": "lv"})
    contact = hotline.record_contact(actor(people["hotline"]), {
        "channel": "phone", "caller_type": "person", "caller_choice": "confidential", "language": "lv",
        "duration_minutes": 5, "outcome": "follow_up", "advice": "Zvanīt vēlreiz.", "caller_handle": "+371 2000 0042"})
    follow_up = hotline.add_follow_up_task(actor(people["hotline"]), contact, "Piezvanīt", TODAY)
    return World(people, orgs, client, case, commission, application, decision, course, mcase, request, b_client,
                 task, report, extra={"contact": contact, "follow_up": follow_up})
