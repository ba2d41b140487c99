"""The data migration that carries existing plaintext rows into ciphertext, and back."""

import datetime

from django.db import connection

from atbalsts.identification import services
from atbalsts.identification.models import EligibilityNote, Interview
from atbalsts.lib.encrypt_migration import encrypt_columns
from atbalsts.people.models import Client
from tests.conftest import actor


class _Editor:
    connection = connection


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def put(table, column, pk, value):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def run(step, backwards=False):
    (step.reverse_code if backwards else step.code)(None, _Editor())


def test_plaintext_rows_left_by_the_old_columns_become_ciphertext_and_read_back(people, client_record):
    case = services.open_case(actor(people["sw"]), client_record)
    interview = Interview.objects.create(case=case, date=datetime.date(2026, 11, 10), mode="remote",
                                         recorded_by=people["sw"])
    note = EligibilityNote.objects.create(case=case, eu_citizen=True, recorded_by=people["sw"])
    # As the old plaintext columns held them (PostgreSQL's text casts of jsonb and boolean).
    put("people_client", "sex", client_record.pk, "female")
    put("identification_interview", "exploitation_forms", interview.pk, '["forced_labour", "begging"]')
    put("identification_eligibilitynote", "eu_citizen", note.pk, "false")
    step = encrypt_columns(("people_client", "sex", "text"),
                           ("identification_interview", "exploitation_forms", "json"),
                           ("identification_eligibilitynote", "eu_citizen", "bool"))
    run(step)
    assert raw("people_client", "sex", client_record.pk).startswith("enc1:")
    assert "forced" not in raw("identification_interview", "exploitation_forms", interview.pk)
    assert Client.objects.get(pk=client_record.pk).sex == "female"
    assert Interview.objects.get(pk=interview.pk).exploitation_forms == ["forced_labour", "begging"]
    assert EligibilityNote.objects.get(pk=note.pk).eu_citizen is False
    # Running it again changes nothing that is already ciphertext.
    before = raw("people_client", "sex", client_record.pk)
    run(step)
    assert raw("people_client", "sex", client_record.pk) == before
    # Reversed, the plaintext comes back in the form the old column types read.
    run(step, backwards=True)
    assert raw("people_client", "sex", client_record.pk) == "female"
    assert raw("identification_interview", "exploitation_forms", interview.pk) == '["forced_labour", "begging"]'
    assert raw("identification_eligibilitynote", "eu_citizen", note.pk) == "0"


def test_sqlite_style_booleans_and_dates_are_carried_over_too(people, client_record):
    case = services.open_case(actor(people["sw"]), client_record)
    note = EligibilityNote.objects.create(case=case, eu_citizen=False, recorded_by=people["sw"])
    put("identification_eligibilitynote", "eu_citizen", note.pk, "1")
    put("identification_eligibilitynote", "reflection_start", note.pk, "2026-11-02")
    run(encrypt_columns(("identification_eligibilitynote", "eu_citizen", "bool"),
                        ("identification_eligibilitynote", "reflection_start", "date")))
    fresh = EligibilityNote.objects.get(pk=note.pk)
    assert fresh.eu_citizen is True and fresh.reflection_start == datetime.date(2026, 11, 2)
