"""``statistics_backfill`` writes the record of every case that has none, once, in batches."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from atbalsts.decisions import services as decision_services
from atbalsts.decisions.models import Outcome, Signatory
from atbalsts.identification.models import Case
from atbalsts.statistics.models import StatisticalRecord
from tests.conftest import actor
from tests.identification.flow import recognised_case

NOW = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


def forget_records():
    """As before the record existed: no row, no key on the case or the client."""
    StatisticalRecord.objects.all().delete()
    for case in Case.objects.all():
        case.statistics_ref = ""
        case.save(update_fields=["statistics_ref"])
        case.client.statistics_refs = []
        case.client.save(update_fields=["statistics_refs"])


@time_machine.travel(NOW, tick=False)
def test_it_writes_one_record_per_case_from_every_stage_and_nothing_the_second_time(people, orgs, client_record):
    case = recognised_case(people, orgs, client_record)
    received = datetime.date(2026, 11, 13)
    app = decision_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": Signatory.PERSON, "signatory_name": "Līga Bērziņa",
        "signed_on": received, "received_on": received})
    decision_services.decide_application(actor(people["siva"]), app, {"outcome": Outcome.REFUSE,
                                         "refusal_reason": "documents_incomplete", "refusal_text": "Trūkst."})
    forget_records()
    assert StatisticalRecord.objects.count() == 0

    call_command("statistics_backfill", batch_size=1)
    record = StatisticalRecord.objects.get()
    assert (record.case_status, record.sex, record.citizenship_group) == ("recognised", "female", "latvia")
    assert record.organisation_pk == orgs["provider_a"].pk
    assert record.first_contact_kind == "service_provider"
    assert record.age_band5 == "30-34"  # born 14.03.1995, case opened 16.11.2026
    assert record.siva_outcome == "refuse" and record.siva_refusal_reason == "documents_incomplete"
    # Received Friday 13.11, decided Monday 16.11: one working day.
    assert (record.siva_decision_days, record.siva_decision_working_days) == (3, 1)
    case.refresh_from_db()
    assert case.statistics_ref == str(record.pk)

    call_command("statistics_backfill")
    assert StatisticalRecord.objects.count() == 1
    call_command("statistics_backfill", all=True)
    assert StatisticalRecord.objects.count() == 1


def test_a_batch_size_out_of_bounds_is_refused(db):
    with pytest.raises(CommandError):
        call_command("statistics_backfill", batch_size=0)
