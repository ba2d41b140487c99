"""Personal data is ciphertext in the database, and stays readable across key rotation."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from atbalsts.lib.crypto import DecryptionError
from atbalsts.people.access import search_clients
from atbalsts.people.models import Client, FamilyMember
from tests.conftest import actor

PLAINTEXTS = ["Līga", "Bērziņa", "000101-12345", "1995-03-14", "Ūdens iela", "+371 20000001", "latviešu"]


def raw_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchall()


def everything_stored() -> str:
    tables = ["people_client", "people_familymember", "people_searchtoken", "audit_auditevent"]
    return repr([raw_rows(t) for t in tables])


def test_the_database_holds_no_plaintext_personal_data(people, client_record):
    from atbalsts.people.services import add_family_member

    add_family_member(actor(people["sw"]), client_record, {"relation": "child", "given_names": "Jānis"})
    stored = everything_stored()
    for value in [*PLAINTEXTS, "Jānis", "berzina", "BERZINA"]:
        assert value not in stored
    assert client_record.case_number in stored
    assert "enc1:" in stored


def test_the_model_reads_back_the_plaintext(client_record):
    fresh = Client.objects.get(pk=client_record.pk)
    assert (fresh.given_names, fresh.surname) == ("Līga", "Bērziņa")
    assert fresh.birth_date.isoformat() == "1995-03-14"


def test_a_value_that_no_key_decrypts_raises_instead_of_showing_ciphertext(client_record, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError):
        Client.objects.get(pk=client_record.pk)


def test_key_rotation_reencrypts_everything_and_keeps_it_readable(people, client_record, settings):
    from atbalsts.people.services import add_family_member

    add_family_member(actor(people["sw"]), client_record, {"relation": "child", "given_names": "Jānis"})
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    before = raw_rows("people_client")
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    settings.SEARCH_HASH_KEYS = ["a-new-search-key", *settings.SEARCH_HASH_KEYS]
    call_command("rotate_keys", stdout=open("/dev/null", "w"))
    assert raw_rows("people_client") != before
    # The old key can now be retired: everything still reads, and search still finds.
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    settings.SEARCH_HASH_KEYS = ["a-new-search-key"]
    fresh = Client.objects.get(pk=client_record.pk)
    assert fresh.surname == "Bērziņa"
    assert FamilyMember.objects.get().given_names == "Jānis"
    assert search_clients(actor(people["sw"]), "berz") == [fresh]


def test_without_the_rotation_the_old_key_cannot_be_retired(client_record, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError):
        Client.objects.get(pk=client_record.pk).surname  # noqa: B018
