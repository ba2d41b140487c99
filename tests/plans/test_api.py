"""The plan API: read current, versions list and detail, new version, reviews."""

from __future__ import annotations

import datetime

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.plans.models import PlanReview, PlanVersion


def api(client, rest=""):
    return f"/api/plans/cases/{client.case_number}/{rest}"


def iso(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def goals_due_in_5_days():
    # Built inside the test, under the suite's clock, not when the module is imported.
    return [{"area": "health", "text": "Veselības pārbaude", "activities": [
        {"text": "Ģimenes ārsts", "role": "medical", "due": iso(5)}]}]


def test_the_api_draws_up_reads_and_changes_the_plan(people, login, client_record):
    http = login(people["sw"])
    assert http.get(api(client_record)).json()["current"] is None
    created = http.post(api(client_record, "versions/"), {"goals": goals_due_in_5_days(), "reason": "API"},
                        content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"] == 1 and body["goals"][0]["area"] == "health"
    goals = body["goals"]
    goals[0]["activities"][0]["due"] = iso(9)
    goals.append({"area": "family", "text": "Saikne ar bērniem", "activities": []})
    second = http.post(api(client_record, "versions/"), {"goals": goals, "reason": "Termiņš", "base_version": 1},
                       content_type="application/json")
    assert second.status_code == 201, second.content
    current = http.get(api(client_record)).json()
    assert current["current"]["number"] == 2 and len(current["current"]["goals"]) == 2
    assert [v["number"] for v in http.get(api(client_record, "versions/")).json()] == [2, 1]
    first = http.get(api(client_record, "versions/1/")).json()
    assert first["goals"][0]["activities"][0]["due"] == iso(5)


def test_the_api_refuses_invalid_content_with_the_place_of_the_error(people, login, client_record):
    http = login(people["sw"])
    bad = [{"area": "", "text": "", "activities": [{"text": "x", "user": people["psy"].pk, "due": iso(-2)}]}]
    response = http.post(api(client_record, "versions/"), {"goals": bad, "reason": "x"},
                         content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert {"goals.0.area", "goals.0.text", "goals.0.activities.0.responsible",
            "goals.0.activities.0.due"} <= set(errors)
    assert not PlanVersion.objects.exists()


def test_the_api_records_and_lists_reviews(people, login, client_record):
    http = login(people["sw"])
    http.post(api(client_record, "versions/"), {"goals": goals_due_in_5_days(), "reason": "API"},
              content_type="application/json")
    response = http.post(api(client_record, "reviews/"), {
        "held_on": iso(0), "participants": [people["sw"].pk], "conclusions": "Labi."},
        content_type="application/json")
    assert response.status_code == 201, response.content
    listed = http.get(api(client_record, "reviews/")).json()
    assert listed[0]["taken_part"] == [{"user": people["sw"].pk, "role": "social_worker"}]
    refused = http.post(api(client_record, "reviews/"), {
        "held_on": iso(0), "participants": [people["outsider"].pk], "conclusions": "x"},
        content_type="application/json")
    assert refused.status_code == 400 and "participants" in refused.json()
    assert PlanReview.objects.count() == 1


def test_outsiders_get_404_from_every_endpoint(people, login, client_record):
    login(people["sw"]).post(api(client_record, "versions/"), {"goals": goals_due_in_5_days(), "reason": "API"},
                             content_type="application/json")
    http = login(people["outsider"])
    for rest in ("", "versions/", "versions/1/", "reviews/"):
        assert http.get(api(client_record, rest)).status_code == 404, rest
    assert http.post(api(client_record, "versions/"), {"goals": goals_due_in_5_days(), "reason": "x"},
                     content_type="application/json").status_code == 404
    assert PlanVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="plan").exists()


def test_the_endpoints_are_in_the_openapi_schema(people, login):
    schema = login(people["sw"]).get("/api/schema/").content.decode()
    for path in ("/api/plans/cases/{case_number}/", "/api/plans/cases/{case_number}/versions/",
                 "/api/plans/cases/{case_number}/versions/{number}/", "/api/plans/cases/{case_number}/reviews/"):
        assert path in schema
