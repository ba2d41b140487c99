"""Reminders: reviews due or overdue, activities due — only for the actor's case teams."""

from __future__ import annotations

import datetime

from atbalsts.plans.models import Plan
from atbalsts.plans.reminders import reminders
from atbalsts.policy.rules import ruleset_on
from tests.conftest import actor


def test_a_review_coming_due_and_an_activity_due_soon_are_reminded(people, client_record, planned):
    today = datetime.date.today()
    warn = ruleset_on(today).plan_reminder_days
    Plan.objects.filter(pk=planned.pk).update(next_review_on=today + datetime.timedelta(days=warn))
    # The first plan's activities fall due in 10 and 20 days: look from 5 days before the first.
    later = today + datetime.timedelta(days=10 - warn)
    found = reminders(actor(people["sw"]), later)
    kinds = [(r.kind, r.due) for r in found]
    assert ("plan_activity_due", today + datetime.timedelta(days=10)) in kinds
    assert ("plan_activity_due", today + datetime.timedelta(days=20)) not in kinds
    review = next(r for r in found if r.kind == "plan_review_due")
    assert review.case_number == client_record.case_number
    assert review.url == f"/plans/{client_record.case_number}/reviews/"
    # No personal data in titles: the case number only.
    assert all("Atrast" not in r.title and "Bērziņa" not in r.title for r in found)


def test_an_overdue_review_is_urgent(people, client_record, planned):
    today = datetime.date.today()
    Plan.objects.filter(pk=planned.pk).update(next_review_on=today - datetime.timedelta(days=3))
    review = next(r for r in reminders(actor(people["sw"]), today) if r.kind == "plan_review_due")
    assert review.urgent and "overdue" in review.title


def test_nothing_is_reminded_to_anyone_off_the_case_team(people, client_record, planned):
    today = datetime.date.today()
    Plan.objects.filter(pk=planned.pk).update(next_review_on=today)
    for name in ("psy", "outsider", "municipal", "statistician"):
        assert reminders(actor(people[name]), today + datetime.timedelta(days=30)) == []


def test_achieved_goals_do_not_remind(http, people, client_record, planned):
    from .helpers import current_form, form

    goals = current_form(planned)
    for g in goals:
        g["status"] = "achieved"
    assert http.post(f"/plans/{client_record.case_number}/edit/", form(goals, "Viss sasniegts")).status_code == 302
    found = reminders(actor(people["sw"]), datetime.date.today() + datetime.timedelta(days=25))
    assert [r.kind for r in found] == ["plan_review_due"]


def test_reminders_cost_the_same_few_queries_however_many_plans(people, client_record, planned,
                                                                django_assert_max_num_queries):
    from atbalsts.people.services import create_client
    from atbalsts.plans.services import save_plan_version

    sw = actor(people["sw"])
    today = datetime.date.today()
    for i in range(12):
        other = create_client(sw, {"given_names": f"K{i}", "surname": "Test"})
        save_plan_version(sw, other, [{"area": "health", "text": "x", "activities": [
            {"text": "y", "role": "medical", "due": today + datetime.timedelta(days=2)}]}], "v1")
    with django_assert_max_num_queries(4):
        found = reminders(sw, today)
    assert len([r for r in found if r.kind == "plan_activity_due"]) == 12


def _stored_dues(plan) -> list[datetime.date]:
    from atbalsts.plans.models import PlanActivityDue

    return sorted(PlanActivityDue.objects.filter(plan=plan).values_list("due", flat=True))


def test_the_stored_due_dates_follow_the_current_version(http, people, client_record, planned):
    """Issue 14: the plain due dates the reminders read are replaced with every saved version."""
    from atbalsts.plans.diff import open_activity_dues

    from .helpers import current_form, form

    first = sorted(open_activity_dues(planned.current_version.data))
    assert first and _stored_dues(planned) == first
    goals = current_form(planned)
    goals[0]["status"] = "achieved"
    assert http.post(f"/plans/{client_record.case_number}/edit/", form(goals, "Pirmais sasniegts")).status_code == 302
    now = sorted(open_activity_dues(planned.current_version.data))
    assert planned.current_version.number == 2 and now != first
    assert _stored_dues(planned) == now


def test_a_refused_save_leaves_the_stored_due_dates_alone(people, client_record, planned):
    import pytest
    from django.core.exceptions import ValidationError

    from atbalsts.plans.services import save_plan_version

    before = _stored_dues(planned)
    with pytest.raises(ValidationError):
        save_plan_version(actor(people["sw"]), client_record, planned.current_version.data["goals"], "",
                          base_version=planned.current_version.number)
    assert _stored_dues(planned) == before


def test_the_migration_fills_the_due_dates_of_every_current_version(http, people, client_record, planned):
    """The data step of migration 0003 reads each plan's newest version only."""
    import importlib

    from django.apps import apps

    from atbalsts.plans.diff import open_activity_dues
    from atbalsts.plans.models import PlanActivityDue

    from .helpers import current_form, form

    goals = current_form(planned)
    goals[0]["status"] = "achieved"
    assert http.post(f"/plans/{client_record.case_number}/edit/", form(goals, "Pirmais sasniegts")).status_code == 302
    expected = sorted(open_activity_dues(planned.current_version.data))
    assert expected != sorted(open_activity_dues(planned.versions.get(number=1).data))
    PlanActivityDue.objects.all().delete()
    migration = importlib.import_module("atbalsts.plans.migrations.0003_activity_dues")
    migration.fill_activity_dues(apps, None)
    assert _stored_dues(planned) == expected


def test_the_page_of_plan_reminders_is_capped_and_counted_in_the_database(people, client_record):
    from atbalsts.people.services import create_client
    from atbalsts.plans.reminders import reminders_page
    from atbalsts.plans.services import save_plan_version

    sw = actor(people["sw"])
    today = datetime.date.today()
    for i in range(6):
        other = create_client(sw, {"given_names": f"K{i}", "surname": "Test"})
        save_plan_version(sw, other, [{"area": "health", "text": "x", "activities": [
            {"text": "y", "role": "medical", "due": today + datetime.timedelta(days=2)}]}], "v1")
    later = today + datetime.timedelta(days=2)
    page = reminders_page(sw, later, 4)
    assert len(page.items) == 4 and page.total == 6 and page.due_today == 6 and page.overdue == 0
    assert [(r.kind, r.due) for r in page.items] == [("plan_activity_due", later)] * 4
    after = reminders_page(sw, later + datetime.timedelta(days=1), 4)
    assert after.overdue == 6 and after.due_today == 0 and all(r.urgent for r in after.items)
