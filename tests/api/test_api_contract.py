"""The API contract fixes of issue 10 §5: the grounds list, the signatory, lists as documented."""

import datetime

import time_machine

from tests.api.world import TODAY
from tests.identification.flow import recognised_case


def _schema(http):
    return http.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def test_the_case_team_lists_a_cases_recognition_grounds_with_the_id_an_application_needs(
    people, orgs, client_record, login
):
    case = recognised_case(people, orgs, client_record)
    response = login(people["sw"]).get(f"/api/identification/cases/{case.pk}/grounds/")
    assert response.status_code == 200
    assert [g["id"] for g in response.json()] == [case.grounds.get().pk]
    assert response.json()[0]["ground"] == case.grounds.get().ground


def test_an_outsider_gets_404_for_the_grounds_of_a_case(people, orgs, client_record, login):
    case = recognised_case(people, orgs, client_record)
    assert login(people["outsider"]).get(f"/api/identification/cases/{case.pk}/grounds/").status_code == 404
    assert login(people["siva"]).get(f"/api/identification/cases/{case.pk}/grounds/").status_code == 403


def test_the_schema_documents_the_grounds_list_and_a_required_signatory_name(people, login):
    schema = _schema(login(people["sw"]))
    assert "get" in schema["paths"]["/api/identification/cases/{id}/grounds/"]
    application = schema["components"]["schemas"]["ApplicationInput"]
    assert "signatory_name" in application["required"]


def test_an_adults_application_without_the_signatorys_name_is_refused_with_a_message(
    people, orgs, client_record, login
):
    case = recognised_case(people, orgs, client_record)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    with time_machine.travel(TODAY, tick=False):
        response = http.post("/api/decisions/applications/", {
            "case": case.pk, "ground": case.grounds.get().pk, "signatory": "person", "signatory_name": "",
            "signed_on": datetime.date(2026, 11, 13).isoformat()}, content_type="application/json")
    assert response.status_code == 400
    assert "signed the application" in str(response.json()["signatory_name"])
    assert not case.applications.exists()


def test_lists_documented_as_whole_lists_are_answered_as_lists(people, login):
    schema = _schema(login(people["sw"]))
    for path in ("/api/plans/cases/{case_number}/versions/", "/api/rehabilitation/courses/{case_number}/services/"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["type"] == "array", path


def test_the_siva_lists_are_documented_as_paged_by_position(people, login):
    """Issue 14: SIVA's inbox and queue answer a page at a time with next/previous links."""
    schema = _schema(login(people["sw"]))
    for path in ("/api/decisions/siva-inbox/", "/api/decisions/siva-inbox/queue/"):
        operation = schema["paths"][path]["get"]
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        paged = schema["components"]["schemas"][ok["$ref"].rsplit("/", 1)[-1]]
        assert set(paged["properties"]) == {"next", "previous", "results"}, path
        assert paged["properties"]["results"]["items"]["$ref"].endswith("/SivaItem"), path
        assert {p["name"] for p in operation["parameters"]} >= {"after", "before"}, path
        assert "**Paging.**" in operation["description"], path


def test_every_operation_documents_its_error_answers(people, login):
    schema = _schema(login(people["sw"]))
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"400", "403", "404"} <= set(operation["responses"]), f"{method} {path}"
