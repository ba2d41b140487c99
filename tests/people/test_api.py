import pytest
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.models import Client


def test_the_api_creates_reads_and_updates_a_client(people, login):
    http = login(people["sw"])
    created = http.post(
        "/api/clients/",
        {"given_names": "Ivan", "surname": "Petrenko", "birth_date": "1990-01-31", "personal_code": "00012212345"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    case = created.json()["case_number"]
    assert created.json()["personal_code"] == "000122-12345"
    detail = http.get(f"/api/clients/{case}/").json()
    assert detail["surname"] == "Petrenko"
    patched = http.patch(f"/api/clients/{case}/", {"phone": "+371 20000002"}, content_type="application/json")
    assert patched.status_code == 200, patched.content
    assert Client.objects.get(case_number=case).phone == "+371 20000002"
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_ref=case).get().detail == {"fields": ["phone"]}


def test_the_api_explains_bad_input_and_saves_nothing(people, login):
    http = login(people["sw"])
    response = http.post(
        "/api/clients/", {"given_names": "Ivan", "personal_code": "123"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"surname", "personal_code"}
    assert Client.objects.count() == 0


def test_the_api_lists_only_the_case_teams_clients(people, client_record, login):
    mine = login(people["sw"]).get("/api/clients/").json()
    assert [r["case_number"] for r in mine["results"]] == [client_record.case_number]
    theirs = login(people["outsider"]).get("/api/clients/").json()
    assert theirs["results"] == []


def test_an_outsider_gets_404_from_the_api(people, client_record, login):
    http = login(people["outsider"])
    assert http.get(f"/api/clients/{client_record.case_number}/").status_code == 404
    patched = http.patch(f"/api/clients/{client_record.case_number}/", {"phone": "1"}, content_type="application/json")
    assert patched.status_code == 404


def test_the_openapi_schema_and_docs_are_served_to_staff(people, login):
    http = login(people["sw"])
    schema = http.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/clients/" in schema.content
    assert http.get("/api/docs/").status_code == 200


def test_the_schema_is_not_public(client, db):
    assert client.get("/api/schema/").status_code in (302, 403)


def test_an_endpoint_that_declares_no_permission_serves_nobody(people):
    class Forgetful(APIView):
        def get(self, request):
            return None

    request = APIRequestFactory().get("/")
    request.user = people["sw"]
    response = Forgetful.as_view()(request)
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("persona", ["siva", "statistician", "org_admin"])
def test_roles_without_casework_cannot_create_clients_through_the_api(persona, people, login):
    response = login(people[persona]).post(
        "/api/clients/", {"given_names": "A", "surname": "B"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Client.objects.count() == 0
