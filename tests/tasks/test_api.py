
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.tasks.models import Task

from .conftest import TODAY


def test_the_api_lists_tasks_and_reminders_by_due_date(people, login):
    http = login(people["sw"])
    created = http.post("/api/tasks/", {"title": "Send the report", "due": "2026-11-24"},
                        content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["due"] == "2026-11-24" and created.json()["done"] is False
    body = http.get("/api/tasks/").json()
    assert body["total"] == 3 and body["more"] == 0 and body["capped"] is False
    items = body["results"]
    assert [i["kind"] for i in items] == ["aftercare_window", "task", "course_ending"]
    assert items[0]["overdue"] is True and items[0]["urgent"] is True
    assert items[1]["task_id"] == created.json()["id"]


def test_the_api_refuses_an_invalid_task_with_a_message_and_saves_nothing(people, client_record, login):
    http = login(people["outsider"])
    http.cookies["django_language"] = "en"
    response = http.post("/api/tasks/", {"title": "Check", "due": "2026-11-24",
                                         "case_number": client_record.case_number},
                         content_type="application/json")
    assert response.status_code == 400
    assert response.json()["case_number"] == [f"You have no client with the case number {client_record.case_number}."]
    response = http.post("/api/tasks/", {"title": "Check"}, content_type="application/json")
    assert response.status_code == 400 and "due" in response.json()
    assert not Task.objects.exists()


def test_the_owner_completes_a_task_through_the_api_and_an_outsider_gets_404(people, login):
    http = login(people["sw"])
    task_id = http.post("/api/tasks/", {"title": "Send the report", "due": "2026-11-24"},
                        content_type="application/json").json()["id"]
    assert login(people["outsider"]).post(f"/api/tasks/{task_id}/complete/").status_code == 404
    assert not Task.objects.get(pk=task_id).done
    response = http.post(f"/api/tasks/{task_id}/complete/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["done"] is True
    assert Task.objects.get(pk=task_id).done_at is not None
    assert [i["kind"] for i in http.get("/api/tasks/").json()["results"]] == ["aftercare_window", "course_ending"]
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="task", object_ref=str(task_id)).exists()
    reopened = http.post(f"/api/tasks/{task_id}/complete/", {"done": False}, content_type="application/json")
    assert reopened.json()["done"] is False


def test_the_api_needs_a_second_factor_and_a_sign_in(people, login, client):
    assert login(people["no_mfa"]).get("/api/tasks/").status_code == 403
    assert client.get("/api/tasks/").status_code in (401, 403)


def test_the_task_endpoints_are_in_the_openapi_schema(people, login):
    schema = login(people["sw"]).get("/api/schema/?format=json").json()
    assert {"/api/tasks/", "/api/tasks/{id}/complete/"} <= set(schema["paths"])


def _own_task(user, title, due):
    import datetime as _dt

    from atbalsts.tasks.services import create_task
    from tests.conftest import actor

    return create_task(actor(user), {"title": title, "due": _dt.date.fromisoformat(due), "case_number": ""})


def _items(people):
    """The list as the API computed it before (every item of ``task_list``), serialised."""
    from django.utils import timezone

    from atbalsts.tasks import access
    from atbalsts.tasks.api import ItemSerializer
    from tests.conftest import actor

    return ItemSerializer(access.open_items(actor(people["sw"]), timezone.localdate()), many=True).data


def test_the_api_answers_the_task_pages_bounded_list_with_its_counts(people, login, monkeypatch):
    """Issue 14: the most urgent ``task_list_rows`` items (policy data) and how many there are."""
    import dataclasses

    from atbalsts.policy import rules
    from atbalsts.tasks import access

    for n, due in enumerate(["2026-11-22", "2026-11-23", "2026-11-23", "2026-12-01", "2026-12-05", "2026-12-09"]):
        _own_task(people["sw"], f"Task {n}", due)
    http = login(people["sw"])
    whole = http.get("/api/tasks/").json()
    # Under the cap: every item, in the old order and with the old fields.
    assert whole["results"] == [dict(i) for i in _items(people)]
    assert (whole["total"], whole["more"], whole["overdue"], whole["due_today"], whole["capped"]) == (8, 0, 2, 2, False)
    small = dataclasses.replace(rules.ruleset_on(TODAY), task_list_rows=3)
    monkeypatch.setattr(access, "ruleset_on", lambda on: small)
    capped = http.get("/api/tasks/").json()
    assert capped["results"] == whole["results"][:3]
    assert (capped["total"], capped["more"], capped["overdue"], capped["due_today"]) == (8, 5, 2, 2)
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="task_list").latest("seq")
    assert event.detail["not_shown"] == 5


def test_the_counts_are_lower_bounds_when_a_kind_passes_the_count_cap(people, login, monkeypatch):
    import dataclasses

    from atbalsts.policy import rules
    from atbalsts.tasks import access

    for n in range(6):
        _own_task(people["sw"], f"Task {n}", "2026-11-20")
    small = dataclasses.replace(rules.ruleset_on(TODAY), task_list_rows=2, task_list_count_max=4)
    monkeypatch.setattr(access, "ruleset_on", lambda on: small)
    body = login(people["sw"]).get("/api/tasks/").json()
    assert body["capped"] is True and len(body["results"]) == 2 and body["more"] == body["total"] - 2
    assert 4 <= body["total"] <= 8


def test_the_api_asks_the_same_number_of_queries_for_one_task_and_for_many(people, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = login(people["sw"])
    _own_task(people["sw"], "One", "2026-11-24")
    http.get("/api/tasks/")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = http.get("/api/tasks/")
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json()["results"])

    one = queries()
    for n in range(150):
        _own_task(people["sw"], f"Task {n}", "2026-11-25")
    assert queries() == (one[0], 100)


def test_query_parameters_are_not_read_and_an_outsider_sees_only_their_own(people, login):
    _own_task(people["sw"], "Mine", "2026-11-24")
    http = login(people["sw"])
    assert http.get("/api/tasks/", {"page": "99999999999999999999", "limit": "x"}).json() == http.get(
        "/api/tasks/").json()
    other = login(people["outsider"]).get("/api/tasks/").json()
    assert "Mine" not in [i["title"] for i in other["results"]]


def test_the_task_list_response_is_documented(people, login):
    schema = login(people["sw"]).get("/api/schema/?format=json").json()
    ok = schema["paths"]["/api/tasks/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][ok["$ref"].rsplit("/", 1)[-1]]
    assert set(page["properties"]) == {"results", "total", "more", "overdue", "due_today", "capped"}
    assert all(page["properties"][name].get("description") for name in ("total", "more", "capped"))
    item = schema["components"]["schemas"][page["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[-1]]
    assert set(item["properties"]) == {"kind", "title", "due", "url", "case_number", "urgent", "overdue",
                                       "due_today", "task_id", "done"}
