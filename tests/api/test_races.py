"""Twenty simultaneous requests never break a limit (PostgreSQL only: SQLite serialises every
write, so there is no race to lose there; the limits themselves are tested on both).

Each request runs in its own thread with its own database connection, released together by a
barrier, as twenty staff pressing the button at once would be.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from atbalsts.decisions import services as decisions
from atbalsts.decisions.models import Decision
from atbalsts.rehabilitation import services as rehabilitation
from atbalsts.rehabilitation.models import AftercareEntry, Course
from tests.conftest import actor
from tests.identification.flow import recognised_case

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="races need row locks between connections: PostgreSQL only (CI runs it)"),
    # Serialized rollback like every other test that commits: the flush afterwards then empties
    # the database without recreating content types under new keys, which the next such test's
    # restored data would collide with on PostgreSQL.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TODAY = datetime.date(2026, 11, 16)
N = 20


def _at_once(work) -> tuple[int, int]:
    """Run ``work(i)`` in N threads started together; returns (succeeded, refused)."""
    barrier = threading.Barrier(N)
    outcome = {"ok": 0, "refused": 0, "other": []}
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            work(i)
            with lock:
                outcome["ok"] += 1
        except (ValidationError, PermissionDenied):
            with lock:
                outcome["refused"] += 1
        except Exception as exc:  # reported by the assertion below, never swallowed
            with lock:
                outcome["other"].append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome["other"] == []
    return outcome["ok"], outcome["refused"]


@pytest.fixture
def ended_course(client_record, orgs):
    # Ended 100 days before TODAY: after-care time.
    return Course.objects.create(client=client_record, organisation=orgs["provider_a"],
                                 start=TODAY - datetime.timedelta(days=279))


def test_twenty_simultaneous_aftercare_consultations_record_at_most_five(people, ended_course):
    sw = actor(people["sw"])

    def consult(i):
        rehabilitation.record_aftercare(sw, ended_course, {
            "kind": "aftercare_consultation", "on": TODAY - datetime.timedelta(days=40 - i),
            "specialist": "psychologist", "hours": Decimal(1)})

    with time_machine.travel(TODAY, tick=False):
        ok, refused = _at_once(consult)
    assert (ok, refused) == (5, 15)
    assert AftercareEntry.objects.filter(kind="aftercare_consultation").count() == 5


def test_twenty_simultaneous_proceedings_hours_never_pass_150_a_year(people, ended_course):
    sw = actor(people["sw"])
    with time_machine.travel(TODAY, tick=False):
        rehabilitation.record_proceedings_support(sw, ended_course, {
            "document_kind": "statement", "document_number": "11816000123",
            "document_date": TODAY - datetime.timedelta(days=60), "issuing_body": "Valsts policija",
            "start": TODAY - datetime.timedelta(days=60), "legal_aid": False})

        def hours(i):
            rehabilitation.record_aftercare(sw, ended_course, {
                "kind": "proceedings_support", "on": TODAY - datetime.timedelta(days=30 - i),
                "support_kind": "lawyer_consultation", "hours": Decimal(10)})

        ok, refused = _at_once(hours)
    total = sum(e.hours for e in AftercareEntry.objects.filter(kind="proceedings_support"))
    assert (ok, refused) == (15, 5)
    assert total == Decimal(150)


def test_twenty_simultaneous_decisions_on_one_application_make_one(people, orgs, client_record):
    with time_machine.travel(TODAY, tick=False):
        case = recognised_case(people, orgs, client_record)
        application = decisions.submit_application(actor(people["sw"]), case, {
            "ground": case.grounds.get(), "signatory": "person", "signatory_name": "L. B.",
            "signed_on": datetime.date(2026, 11, 13), "received_on": datetime.date(2026, 11, 13)})
        siva = actor(people["siva"])

        def decide(i):
            decisions.decide_application(siva, application, {
                "outcome": "grant", "service_start": datetime.date(2026, 11, 23)})

        ok, refused = _at_once(decide)
    assert (ok, refused) == (1, N - 1)
    assert Decision.objects.filter(application=application).count() == 1
    assert Course.objects.filter(client=client_record).count() == 1
