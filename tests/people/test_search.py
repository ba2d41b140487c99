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
    assert client_record.case_number in http.post("/clients/", {"q": "berz"}).content.decode()
    body = http.post("/api/clients/search/", {"q": "berz"}).json()
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


# --- search terms never in a URL (ADR 0017) ---------------------------------------------------


def test_the_client_search_form_posts_so_the_terms_stay_out_of_the_address(people, client_record, login):
    page = login(people["sw"]).get("/clients/").content.decode()
    assert '<form method="post" action="/clients/"' in page and "csrfmiddlewaretoken" in page


def test_a_search_term_in_the_query_string_is_ignored_and_searches_nothing(people, client_record, login):
    from atbalsts.audit.models import Action, AuditEvent

    page = login(people["sw"]).get("/clients/", {"q": "zzzqqq"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="zzzqqq"' not in body and client_record.case_number in body
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()


def test_a_posted_search_finds_the_client_and_is_audited(people, client_record, login):
    from atbalsts.audit.models import Action, AuditEvent

    response = login(people["sw"]).post("/clients/", {"q": "Bērziņa"})
    assert response.status_code == 200 and client_record.case_number in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.SEARCH).count() == 1


def test_an_empty_posted_search_goes_back_to_the_list(people, login):
    response = login(people["sw"]).post("/clients/", {"q": "  "})
    assert response.status_code == 302 and response["Location"] == "/clients/"


def test_the_api_search_takes_the_terms_in_the_body_not_the_query_string(people, client_record, login):
    http = login(people["sw"])
    listed = http.get("/api/clients/", {"q": "zzzqqq"}).json()
    assert client_record.case_number in str(listed)  # the plain list: the query string searches nothing
    assert http.get("/api/clients/search/").status_code == 405
    found = http.post("/api/clients/search/", {"q": client_record.case_number}, content_type="application/json")
    assert found.status_code == 200 and found.json()["count"] == 1


def test_the_api_search_refuses_an_empty_or_overlong_query(people, login):
    http = login(people["sw"])
    assert http.post("/api/clients/search/", {"q": ""}, content_type="application/json").status_code == 400
    assert http.post("/api/clients/search/", {"q": "x" * 201}, content_type="application/json").status_code == 400


def test_an_outsider_finds_nothing_and_the_anonymous_are_refused_by_the_api_search(people, client_record, login,
                                                                                     client):
    found = login(people["outsider"]).post("/api/clients/search/", {"q": "Bērziņa"}).json()
    assert found["count"] == 0
    assert client.post("/api/clients/search/", {"q": "Bērziņa"}).status_code in (401, 403)


def test_the_api_schema_lists_no_query_parameter_for_names():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    params = schema["paths"]["/api/clients/"]["get"].get("parameters", [])
    assert "q" not in [p["name"] for p in params]
    assert "post" in schema["paths"]["/api/clients/search/"]
