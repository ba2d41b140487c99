"""Follow-up: notes, assignment to an operator of the same hotline, tasks that remind in the task list."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from atbalsts.hotline import services
from atbalsts.hotline.reminders import reminders
from tests.conftest import actor, make_user

pytestmark = pytest.mark.django_db


def test_a_note_is_stored_encrypted_and_shown(call, operator, login, people):
    contact = call()
    services.add_note(operator, contact, "Zvanīt tikai pēc 18:00")
    page = login(people["hotline"]).get(f"/hotline/contacts/{contact.reference}/").content.decode()
    assert "Zvanīt tikai pēc 18:00" in page


def test_a_contact_is_assigned_only_to_an_operator_of_the_same_hotline(call, operator, colleague, other_operator,
                                                                       orgs):
    contact = call()
    services.assign_contact(operator, contact, colleague.pk)
    contact.refresh_from_db()
    assert contact.assigned_to == colleague
    not_an_operator = make_user("hotline_admin", orgs["hotline"], "org_admin")
    for user in (other_operator, not_an_operator):
        with pytest.raises(ValidationError):
            services.assign_contact(operator, contact, user.pk)
    contact.refresh_from_db()
    assert contact.assigned_to == colleague


def test_another_hotlines_operator_cannot_change_the_contact(call, other_operator):
    from django.core.exceptions import PermissionDenied

    contact = call()
    with pytest.raises(PermissionDenied):
        services.add_note(actor(other_operator), contact, "x")


def test_a_task_reminds_the_operator_it_is_assigned_to(call, operator, colleague, clock_today, login):
    contact = call()
    services.add_follow_up_task(operator, contact, "Piezvanīt vēlreiz", clock_today + datetime.timedelta(days=1),
                                colleague.pk)
    mine = reminders(actor(colleague), clock_today)
    assert [(r.kind, r.due, r.urgent) for r in mine] == [
        ("hotline_follow_up", clock_today + datetime.timedelta(days=1), False)]
    assert contact.reference in mine[0].title and "Piezvanīt" not in mine[0].title
    assert reminders(operator, clock_today) == []
    # The task list shows it, through settings.ATBALSTS_REMINDER_SOURCES.
    page = login(colleague).get("/tasks/").content.decode()
    assert contact.reference in page


def test_a_done_task_no_longer_reminds(call, operator, clock_today, login, people):
    contact = call()
    task = services.add_follow_up_task(operator, contact, "Piezvanīt", clock_today)
    assert reminders(operator, clock_today)[0].urgent
    response = login(people["hotline"]).post(f"/hotline/contacts/{contact.reference}/tasks/{task.pk}/done/",
                                             {"done": "1"})
    assert response.status_code == 302
    assert reminders(operator, clock_today) == []


def test_the_contact_page_assigns_and_adds_a_task(call, login, people, colleague, clock_today):
    contact = call()
    http = login(people["hotline"])
    assert http.post(f"/hotline/contacts/{contact.reference}/", {"action": "assign",
                                                                 "assigned_to": colleague.pk}).status_code == 302
    assert http.post(f"/hotline/contacts/{contact.reference}/", {
        "action": "task", "title": "Piezvanīt", "due": clock_today.isoformat(),
        "assigned_to": colleague.pk}).status_code == 302
    contact.refresh_from_db()
    assert contact.assigned_to == colleague and contact.tasks.get().assigned_to == colleague
