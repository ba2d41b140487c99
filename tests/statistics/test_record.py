"""The de-identified statistical record: written with the change it reflects, coarse, and with no
way back to the person from the table itself (ADR 0017)."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.db import connection, transaction

from atbalsts.decisions import services as decision_services
from atbalsts.decisions.models import Outcome, Signatory
from atbalsts.identification import services
from atbalsts.identification.models import Case
from atbalsts.people.models import Client
from atbalsts.people.services import update_client
from atbalsts.statistics import services as statistics
from atbalsts.statistics.models import StatisticalRecord
from tests.conftest import actor
from tests.identification.flow import interview_post, recognised_case

NOW = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


def only_record() -> StatisticalRecord:
    return StatisticalRecord.objects.get()


def test_the_record_has_no_relation_to_any_other_table_and_a_random_key():
    fields = StatisticalRecord._meta.get_fields()
    assert not [f.name for f in fields if f.is_relation]
    assert isinstance(StatisticalRecord._meta.pk.default(), uuid.UUID)
    assert not [f.name for f in fields if f.get_internal_type() == "DateTimeField"]


@time_machine.travel(NOW, tick=False)
def test_opening_a_case_writes_a_coarse_record_of_the_person(people, client_record):
    services.open_case(actor(people["sw"]), client_record)
    record = only_record()
    # Born 14.03.1995: 31 on 16.11.2026; citizenship "Latvija".
    assert (record.sex, record.age_band, record.citizenship_group) == ("female", "25-34", "latvia")
    assert record.opened_month == datetime.date(2026, 11, 1)
    assert record.case_status == "open"


@time_machine.travel(NOW, tick=False)
def test_the_case_and_client_keep_the_records_key_only_in_ciphertext(people, client_record):
    case = services.open_case(actor(people["sw"]), client_record)
    key = str(only_record().pk)
    assert Case.objects.get(pk=case.pk).statistics_ref == key
    assert Client.objects.get(pk=client_record.pk).statistics_refs == [key]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statistics_ref FROM identification_case")
        stored_case = cursor.fetchone()[0]
        cursor.execute("SELECT statistics_refs FROM people_client")
        stored_client = cursor.fetchone()[0]
    assert key not in stored_case and key not in stored_client and stored_case.startswith("enc1:")


@time_machine.travel(NOW, tick=False)
def test_an_interview_adds_the_forms_and_countries_of_exploitation(people, client_record, login):
    case = services.open_case(actor(people["sw"]), client_record)
    response = login(people["sw"]).post(f"/identification/{case.pk}/interviews/new/", interview_post())
    assert response.status_code == 302
    record = only_record()
    assert record.exploitation_forms == ["forced_labour", "sham_marriage"]
    assert record.exploitation_countries == ["Īrija"]
    assert record.recruitment_method == "online_job_ad"
    assert record.case_status == "interviewed"


@time_machine.travel(NOW, tick=False)
def test_a_change_that_fails_leaves_no_record_behind(people, client_record):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.open_case(actor(people["sw"]), client_record)
        raise Boom
    assert not StatisticalRecord.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_record_is_never_written_outside_a_transaction():
    with pytest.raises(RuntimeError):
        statistics.write(None, sex="female")
    assert not StatisticalRecord.objects.exists()


def test_a_value_that_is_not_a_field_of_the_record_is_refused(db):
    with transaction.atomic(), pytest.raises(ValueError, match="given_names"):
        statistics.write(None, given_names="Līga")


@time_machine.travel(NOW, tick=False)
def test_correcting_the_clients_sex_and_birth_date_updates_their_records(people, client_record):
    services.open_case(actor(people["sw"]), client_record)
    update_client(actor(people["sw"]), client_record, {"sex": "male", "birth_date": datetime.date(2010, 1, 1)})
    record = only_record()
    assert (record.sex, record.age_band) == ("male", "0-17")


@time_machine.travel(NOW, tick=False)
def test_recognition_the_siva_decision_and_the_course_reach_the_record_by_month(people, orgs, client_record):
    case = recognised_case(people, orgs, client_record)
    record = only_record()
    assert (record.case_status, record.ground) == ("recognised", "commission")
    assert record.recognised_month == datetime.date(2026, 11, 1)
    received = datetime.date(2026, 11, 13)
    app = decision_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": Signatory.PERSON, "signatory_name": "Līga Bērziņa",
        "signed_on": received, "received_on": received})
    decision_services.decide_application(actor(people["siva"]), app,
                                         {"outcome": Outcome.GRANT, "service_start": datetime.date(2026, 12, 2)})
    record = only_record()
    assert record.siva_outcome == "grant"
    assert record.siva_received_month == datetime.date(2026, 11, 1)
    assert record.siva_decision_days == 3
    assert record.course_start_month == datetime.date(2026, 12, 1)


@pytest.mark.parametrize(("born", "band"), [
    (datetime.date(2008, 11, 17), "0-17"),   # 17 the day before the 18th birthday
    (datetime.date(2008, 11, 16), "18-24"),  # 18 on the day
    (datetime.date(2001, 11, 17), "18-24"),
    (datetime.date(2001, 11, 16), "25-34"),
    (datetime.date(1961, 11, 16), "65+"),
    (None, ""),
])
def test_age_bands_change_on_the_birthday(born, band):
    assert statistics.age_band(born, datetime.date(2026, 11, 16)) == band


@pytest.mark.parametrize(("citizenship", "eu", "group"), [
    ("Latvija", None, "latvia"), ("LATVIA", False, "latvia"), ("Lietuva", True, "eu"),
    ("Ukraina", False, "non_eu"), ("", None, ""),
])
def test_citizenship_is_kept_only_as_a_group(citizenship, eu, group):
    assert statistics.citizenship_group(citizenship, eu) == group
