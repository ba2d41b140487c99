import pytest

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.access import search_clients
from tests.conftest import actor


@pytest.mark.parametrize(
    "query",
    ["Bērziņa", "berzina", "BĒRZ", "ber", "Līga Bērziņa", "liga", "14.03.1995", "1995-03-14", "000101-12345",
     "00010112345"],
)
def test_a_client_is_found_despite_encryption(query, people, client_record):
    found = search_clients(actor(people["sw"]), query)
    assert [c.case_number for c in found] == [client_record.case_number]


def test_the_case_number_finds_the_client(people, client_record):
    found = search_clients(actor(people["sw"]), client_record.case_number.lower())
    assert found == [client_record]


@pytest.mark.parametrize("query", ["Kalniņa", "berzins", "15.03.1995", "000101-12346", "Līga Ozola", "AT-AAAAAAA"])
def test_a_different_person_is_not_found(query, people, client_record):
    assert search_clients(actor(people["sw"]), query) == []


def test_a_long_name_must_match_beyond_its_first_six_letters(people):
    from atbalsts.people.services import create_client

    sw = actor(people["sw"])
    a = create_client(sw, {"given_names": "Aleksandra", "surname": "Petrova"})
    create_client(sw, {"given_names": "Aleksandrs", "surname": "Petrovs"})
    assert search_clients(sw, "Aleksandra") == [a]


def test_searching_is_audited_without_the_query_text(people, client_record):
    search_clients(actor(people["sw"]), "Bērziņa")
    event = AuditEvent.objects.get(action=Action.SEARCH)
    assert event.detail == {"terms": 1, "case_numbers": [client_record.case_number]}
    assert "Bērziņa" not in str(event.detail)


def test_search_through_the_page_and_the_api(people, client_record, login):
    http = login(people["sw"])
    assert client_record.case_number in http.get("/clients/", {"q": "berz"}).content.decode()
    body = http.get("/api/clients/", {"q": "berz"}).json()
    assert body["count"] == 1 and body["results"][0]["case_number"] == client_record.case_number
    assert "surname" not in body["results"][0]


@pytest.mark.parametrize(("given", "surname", "query"), [
    ("Ольга", "Ильина", "Ильина"),
    ("Мар'яна", "Васильєва", "Васильєва"),
    ("Мар'яна", "Васильєва", "Мар'яна"),
    ("Darja", "Iljina", "iljina"),
])
def test_soft_signs_and_apostrophes_do_not_break_a_name_apart(people, given, surname, query):
    from atbalsts.people.services import create_client

    sw = actor(people["sw"])
    client = create_client(sw, {"given_names": given, "surname": surname})
    assert search_clients(sw, query) == [client]
