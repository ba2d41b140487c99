"""Demo data for the course and after-care. Called by the lead from ``atbalsts/demo/data.py``
after the identification and decisions demos.

``build_rehabilitation_demo(orgs, users, today)``
    orgs, users: as for :func:`atbalsts.decisions.demo.build_decisions_demo` (the social worker
                 ``soc.darbiniece`` of provider A, the commission members and ``siva.ierednis``).
    today: the demo's "today" (the real date: entries are never recorded in advance).
    Each course is opened the real way: an application granted by SIVA with a start date in the
    past, so this app's signal opens the course. Returns the courses by stage.
Every person is synthetic.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from atbalsts.decisions import services as decision_services
from atbalsts.decisions.demo import SIVA
from atbalsts.decisions.models import Outcome, Signatory
from atbalsts.identification.demo import SW, _actor, _client, _interviewed, recognise
from atbalsts.people.services import add_family_member
from atbalsts.policy.entitlements import add_years
from atbalsts.policy.rules import ruleset_on

from . import services
from .ledger import course_status
from .models import AftercareKind, ClosureReason, Course

_D = datetime.timedelta


def _granted_course(users, given: str, key: str, start: datetime.date) -> Course:
    sw, siva = _actor(users[SW]), _actor(users[SIVA])
    client = _client(sw, given, f"Demo-Kurss-{key}", datetime.date(1991, 5, 17))
    received = start - _D(days=5)
    case = recognise(users, _interviewed(sw, client, received), received - _D(days=2))
    application = decision_services.submit_application(sw, case, {
        "ground": case.grounds.get(), "signatory": Signatory.PERSON, "signatory_name": f"{given} Demo",
        "signed_on": received, "received_on": received})
    decision = decision_services.decide_application(siva, application,
                                                    {"outcome": Outcome.GRANT, "service_start": start})
    return Course.objects.get(decision=decision)


def _some_services(sw, course: Course, first: datetime.date, last: datetime.date) -> None:
    services.record_service(sw, course, {"kind": "shelter", "on": first, "nights": 14, "children_nights": 0,
                                         "accommodation": "own", "note": "Demo: patversme."})
    services.record_service(sw, course, {"kind": "consultation", "on": first + _D(days=1),
                                         "specialist": "psychologist", "hours": Decimal("1.5"),
                                         "mode": "in_person", "interpreter": True})
    services.record_service(sw, course, {"kind": "goods", "on": first + _D(days=2), "goods_category": "food",
                                         "amount_eur": Decimal("45.20")})
    services.record_service(sw, course, {"kind": "documents", "on": first + _D(days=3),
                                         "document_type": "passport", "document_action": "restored"})
    services.record_service(sw, course, {"kind": "training", "on": last, "training_step": "employment_agency"})


def build_rehabilitation_demo(orgs, users, today: datetime.date) -> dict[str, Course]:
    sw = _actor(users[SW])
    rs = ruleset_on(today)
    last_day = rs.course_max_days - 1  # the last day is start + this many days
    out: dict[str, Course] = {}

    out["just_started"] = _granted_course(users, "Aija", "sakts", today)

    for key, left, given in (("ending_25", 25, "Baiba"), ("ending_12", 12, "Dace"), ("ending_5", 5, "Elīna")):
        start = today - _D(days=last_day - left)
        out[key] = course = _granted_course(users, given, key, start)
        _some_services(sw, course, start, today - _D(days=1))

    start = today - _D(days=100)
    out["closed_early"] = course = _granted_course(users, "Gunta", "slegts", start)
    _some_services(sw, course, start, today - _D(days=11))
    out["closed_early"] = services.close_course(sw, course, {"actual_end": today - _D(days=10),
                                       "closure_reason": ClosureReason.GOALS_REACHED,
                                       "closing_summary": "Demo: plāna mērķi sasniegti, persona strādā."})

    # Ended 220 days ago; 4 of 5 after-care consultations used.
    start = today - _D(days=400)
    out["aftercare_nearly_used"] = course = _granted_course(users, "Ilze", "pecaprupe", start)
    _some_services(sw, course, start, start + _D(days=150))
    for n, role in enumerate(("psychologist", "social_worker", "lawyer", "psychologist")):
        services.record_aftercare(sw, course, {"kind": AftercareKind.AFTERCARE_CONSULTATION,
                                               "on": today - _D(days=200 - 30 * n), "specialist": role,
                                               "hours": Decimal(1)})

    # Criminal-proceedings support with state legal aid: 145 of 150 h in the current support year,
    # at most a day's hours an entry; under legal aid interpreting only within the consultations.
    start = today - _D(days=400)
    out["proceedings_support"] = course = _granted_course(users, "Kristīne", "kriminalprocess", start)
    support_start = today - _D(days=200)
    services.record_proceedings_support(sw, course, {
        "document_kind": "statement", "document_number": "DEMO-11816000123", "document_date": support_start,
        "issuing_body": "Valsts policija (demo)", "start": support_start, "legal_aid": True})
    day_hours = Decimal(rs.proceedings_support_entry_max_hours)
    plan = [("social_worker_consultation", False)] * 3 + [("psychologist_consultation", True)] * 3
    for n, (kind, interpreter) in enumerate(plan):
        services.record_aftercare(sw, course, {"kind": AftercareKind.PROCEEDINGS_SUPPORT,
                                               "on": support_start + _D(days=10 + n), "support_kind": kind,
                                               "interpreter": interpreter, "hours": day_hours})
    services.record_aftercare(sw, course, {"kind": AftercareKind.PROCEEDINGS_SUPPORT, "on": support_start + _D(days=30),
                                           "support_kind": "psychologist_consultation",
                                           "hours": 145 - len(plan) * day_hours})

    # The statement came during the course: the support applies only from the day after the course
    # ends, so hours start then (criminal-proceedings support comes in addition, after the course).
    start = today - _D(days=250)
    out["support_after_course"] = course = _granted_course(users, "Marta", "pec-kursa", start)
    _some_services(sw, course, start, start + _D(days=60))
    statement = start + _D(days=100)
    services.record_proceedings_support(sw, course, {
        "document_kind": "decision", "document_number": "DEMO-11816000456", "document_date": statement,
        "issuing_body": "Valsts policija (demo)", "start": statement, "legal_aid": False})
    first_day = course_status(course, today).end + _D(days=1)
    services.record_aftercare(sw, course, {"kind": AftercareKind.PROCEEDINGS_SUPPORT, "on": first_day,
                                           "support_kind": "lawyer_consultation", "hours": Decimal(2)})

    # A minor family member staying in Latvia with 4 of 5 consultations.
    start = today - _D(days=300)
    out["family_consultations"] = course = _granted_course(users, "Laura", "gimene", start)
    child = add_family_member(sw, course.client, {
        "relation": "child", "given_names": "Demo-Bērns", "surname": "Demo-Kurss-gimene",
        "birth_date": add_years(today, -9), "accompanying": True, "lives_in_latvia": True})
    for n in range(4):
        services.record_aftercare(sw, course, {"kind": AftercareKind.FAMILY_CONSULTATION,
                                               "on": today - _D(days=100 - 20 * n), "family_member": child,
                                               "hours": Decimal(1)})
    return out
