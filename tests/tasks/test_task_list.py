import datetime

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.services import create_client
from atbalsts.tasks.models import Task
from atbalsts.tasks.services import create_task
from tests.conftest import actor

from .conftest import TODAY


def _page(http, language="en"):
    http.cookies["django_language"] = language
    response = http.get("/tasks/")
    assert response.status_code == 200
    return response.content.decode()


def _task(user, title, due, case_number=""):
    return create_task(actor(user), {"title": title, "due": due, "case_number": case_number})


def test_the_list_merges_own_tasks_and_reminders_by_due_date_and_marks_overdue_in_words(people, login):
    _task(people["sw"], "Call the shelter", TODAY + datetime.timedelta(days=1))
    _task(people["sw"], "Send the report", TODAY - datetime.timedelta(days=3))
    html = _page(login(people["sw"]))
    order = [html.index(t) for t in ("Send the report", "After-care window of AT-FAKE002 closes",
                                     "Call the shelter", "Course of AT-FAKE001 ends")]
    assert order == sorted(order)
    assert html.count(">overdue<") == 2
    assert "20.11.2026" in html and "21.11.2026" in html and "2026-11-20" not in html
    assert 'href="/rehabilitation/fake/"' in html
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="task_list").latest("seq")
    assert event.detail["tasks"] == 2 and event.detail["reminders"] == 2
    assert event.detail["case_numbers"] == ["AT-FAKE001", "AT-FAKE002"]


def test_the_page_is_latvian_by_default_and_the_navigation_links_to_it(people, login):
    html = _page(login(people["sw"]), "lv")
    assert "Uzdevumi un atgādinājumi" in html and "Jauns uzdevums" in html
    assert 'href="/tasks/"' in html
    assert "Tasks and reminders" not in html


def test_someone_elses_tasks_are_not_shown(people, login):
    _task(people["outsider"], "Outsider's own work", TODAY)
    html = _page(login(people["sw"]))
    assert "Outsider&#x27;s own work" not in html and "Outsider's own work" not in html
    assert "Outsider" in _page(login(people["outsider"]))


def test_a_task_linked_to_an_own_client_is_added_through_the_form(people, client_record, login):
    http = login(people["sw"])
    response = http.post("/tasks/", {"title": "Book the interpreter", "due": "25.11.2026",
                                     "case_number": client_record.case_number.lower()})
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.client == client_record and task.due == datetime.date(2026, 11, 25)
    assert task.owner == people["sw"]
    html = _page(http)
    assert "Book the interpreter" in html and client_record.case_number in html
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="task", object_ref=str(task)).exists()


def test_a_case_number_the_worker_may_not_see_is_refused_the_same_way_as_a_missing_one(people, client_record, login):
    theirs = create_client(actor(people["outsider"]), {"given_names": "Anna", "surname": "Ozola"})
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    for number in (theirs.case_number, "AT-NOSUCH1"):
        response = http.post("/tasks/", {"title": "Check", "due": "25.11.2026", "case_number": number})
        assert response.status_code == 400
        assert f"You have no client with the case number {number}." in response.content.decode()
    # The psychologist at the same provider is not on this client's case team.
    response = login(people["psy"]).post("/tasks/", {"title": "Check", "due": "25.11.2026",
                                                      "case_number": client_record.case_number})
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_a_title_with_a_personal_code_or_the_clients_name_is_refused_and_nothing_saved(people, client_record,
                                                                                          login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.post("/tasks/", {"title": "Check 000101-12345", "due": "25.11.2026"})
    assert "must not hold a personal code" in response.content.decode()
    response = http.post("/tasks/", {"title": "Call Bērziņa about housing", "due": "25.11.2026",
                                     "case_number": client_record.case_number})
    assert "must not hold the client" in response.content.decode()
    response = http.post("/tasks/", {"title": "", "due": "31.02.2026"})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert not Task.objects.exists()


def test_a_task_marked_done_leaves_the_open_list_and_can_be_opened_again(people, login):
    task = _task(people["sw"], "Send the report", TODAY)
    http = login(people["sw"])
    assert http.post(f"/tasks/{task.pk}/done/", {"done": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.done
    html = _page(http)
    assert "Recently done" in html and "Open again" in html and "Mark done" not in html
    http.post(f"/tasks/{task.pk}/done/", {"done": "0"})
    task.refresh_from_db()
    assert not task.done
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="task").count() == 2


def test_nobody_else_can_complete_a_task_they_get_404_and_the_refusal_is_recorded(people, login):
    task = _task(people["sw"], "Send the report", TODAY)
    for who in ("outsider", "psy", "siva"):
        assert login(people[who]).post(f"/tasks/{task.pk}/done/").status_code == 404
    task.refresh_from_db()
    assert not task.done
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="task").count() == 3


def test_siva_sees_the_decision_due_today_and_the_case_team_sees_it_waiting(people, login, application_due_today):
    app = application_due_today
    siva_html = _page(login(people["siva"]))
    assert f"Decide on application {app.reference}" in siva_html
    assert f'href="/decisions/applications/{app.pk}/"' in siva_html and ">due today<" in siva_html
    assert "Bērziņa" not in siva_html and "Līga" not in siva_html
    sw_html = _page(login(people["sw"]))
    assert f"Application {app.reference} is waiting for SIVA" in sw_html
    for who in ("psy", "outsider", "municipal"):
        assert app.reference not in _page(login(people[who])), who


def test_the_digest_language_is_saved(people, login):
    from atbalsts.tasks.models import DigestPreference

    http = login(people["sw"])
    assert http.post("/tasks/digest-language/", {"language": "en"}).status_code == 302
    assert DigestPreference.objects.get(user=people["sw"]).language == "en"
    http.post("/tasks/digest-language/", {"language": "ru"})
    assert DigestPreference.objects.get(user=people["sw"]).language == "en"


def test_a_signed_out_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/tasks/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_task_belongs_to_the_organisation_it_was_written_for(people, orgs, login):
    from atbalsts.accounts.actor import actor_for
    from atbalsts.accounts.middleware import SESSION_ORGANISATION_KEY
    from atbalsts.accounts.models import Membership, Role

    sw = people["sw"]
    Membership.objects.create(user=sw, organisation=orgs["provider_b"], role=Role.SOCIAL_WORKER)
    task = create_task(actor_for(sw, orgs["provider_b"].pk), {"title": "Work for provider B", "due": TODAY})
    http = login(sw)  # acting for provider A, the first by name
    assert "Work for provider B" not in _page(http)
    assert http.post(f"/tasks/{task.pk}/done/").status_code == 404
    assert http.post(f"/api/tasks/{task.pk}/complete/").status_code == 404
    task.refresh_from_db()
    assert not task.done
    session = http.session
    session[SESSION_ORGANISATION_KEY] = orgs["provider_b"].pk
    session.save()
    assert "Work for provider B" in _page(http)


def test_the_list_shows_the_most_urgent_up_to_the_policys_cap_and_counts_the_rest(people, login, monkeypatch):
    """Issue 14: a caseload of any size renders a bounded list; the cap is policy data, a default."""
    import dataclasses

    from atbalsts.policy import rules
    from atbalsts.tasks import access

    assert "task_list_rows" in rules.PRODUCT_DEFAULTS
    assert 0 < rules.ruleset_on(TODAY).task_list_rows <= 1000
    for n in range(4):
        _task(people["sw"], f"Task number {n}", TODAY + datetime.timedelta(days=10 + n))
    _task(people["sw"], "Overdue one", TODAY - datetime.timedelta(days=1))
    _task(people["sw"], "Due today one", TODAY)
    small = dataclasses.replace(rules.ruleset_on(TODAY), task_list_rows=3)
    monkeypatch.setattr(access, "ruleset_on", lambda on: small)
    page = access.task_page(actor(people["sw"]), TODAY)
    # Six own tasks and the fake source's two reminders: the three earliest are shown.
    assert [i.title for i in page.items] == [
        "After-care window of AT-FAKE002 closes", "Overdue one", "Due today one"]
    assert (page.total, page.overdue, page.due_today, page.more) == (8, 2, 1, 5)
    html = _page(login(people["sw"]))
    assert "Task number 0" not in html and "Due today one" in html
    assert 'data-more="5"' in html and "5 more open tasks and reminders" in html
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="task_list").latest("seq")
    assert event.detail["tasks"] == 2 and event.detail["reminders"] == 1 and event.detail["not_shown"] == 5


def test_under_the_cap_the_page_is_the_whole_list(people):
    from atbalsts.tasks import access

    _task(people["sw"], "Only task", TODAY + datetime.timedelta(days=1))
    page = access.task_page(actor(people["sw"]), TODAY)
    assert [i.title for i in page.items] == [i.title for i in access.open_items(actor(people["sw"]), TODAY)]
    assert page.more == 0 and page.total == 3
