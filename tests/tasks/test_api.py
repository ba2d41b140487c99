
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.tasks.models import Task


def test_the_api_lists_tasks_and_reminders_by_due_date(people, login):
    http = login(people["sw"])
    created = http.post("/api/tasks/", {"title": "Send the report", "due": "2026-11-24"},
                        content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["due"] == "2026-11-24" and created.json()["done"] is False
    items = http.get("/api/tasks/").json()
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
    assert [i["kind"] for i in http.get("/api/tasks/").json()] == ["aftercare_window", "course_ending"]
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="task", object_ref=str(task_id)).exists()
    reopened = http.post(f"/api/tasks/{task_id}/complete/", {"done": False}, content_type="application/json")
    assert reopened.json()["done"] is False


def test_the_api_needs_a_second_factor_and_a_sign_in(people, login, client):
    assert login(people["no_mfa"]).get("/api/tasks/").status_code == 403
    assert client.get("/api/tasks/").status_code in (401, 403)


def test_the_task_endpoints_are_in_the_openapi_schema(people, login):
    schema = login(people["sw"]).get("/api/schema/?format=json").json()
    assert {"/api/tasks/", "/api/tasks/{id}/complete/"} <= set(schema["paths"])
