"""The interdisciplinary team reviews the plan: who took part, conclusions, the next review."""

from __future__ import annotations

import datetime

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.models import CaseTeamMember
from atbalsts.plans.models import PlanReview, PlanVersion
from atbalsts.policy.rules import ruleset_on

from .helpers import current_form, d, form


def url(client, rest="reviews/"):
    return f"/plans/{client.case_number}/{rest}"


def review(people, **extra):
    return {"held_on": d(0), "participants": [people["sw"].pk], "conclusions": "Mājoklis atrasts.", **extra}


def test_a_review_is_recorded_with_its_participants_and_sets_the_next_review(http, people, client_record, planned):
    CaseTeamMember.objects.create(client=client_record, user=people["psy"], role="psychologist")
    response = http.post(url(client_record), review(people, participants=[people["sw"].pk, people["psy"].pk],
                                                    next_review_on=d(20)))
    assert response.status_code == 302
    saved = PlanReview.objects.get()
    assert saved.conclusions == "Mājoklis atrasts."
    assert {(p.user, p.role) for p in saved.participants.all()} == {(people["sw"], "social_worker"),
                                                                     (people["psy"], "psychologist")}
    planned.refresh_from_db()
    assert planned.next_review_on == datetime.date.today() + datetime.timedelta(days=20)
    page = http.get(url(client_record)).content.decode()
    assert "Mājoklis atrasts." in page and "Psychologist" in page and d(20) in page
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="plan_review")
    assert event.detail["roles"] == ["psychologist", "social_worker"]
    assert "Mājoklis" not in str(event.detail)


def test_without_a_next_review_date_the_policy_interval_applies(http, people, client_record, planned):
    held = datetime.date.today() - datetime.timedelta(days=2)
    http.post(url(client_record), review(people, held_on=held.strftime("%d.%m.%Y")))
    interval = ruleset_on(held).plan_review_interval_days
    assert PlanReview.objects.get().next_review_on == held + datetime.timedelta(days=interval)


def test_a_participant_not_on_the_case_team_is_refused_and_nothing_is_saved(http, people, client_record, planned):
    response = http.post(url(client_record), review(people, participants=[people["sw"].pk, people["psy"].pk]))
    assert response.status_code == 200
    assert "Only members of the client&#x27;s case team can be recorded as participants." in (
        response.content.decode())
    assert not PlanReview.objects.exists()


def test_a_review_in_the_future_or_without_conclusions_is_refused(http, people, client_record, planned):
    future = http.post(url(client_record), review(people, held_on=d(3)))
    assert "A review cannot be recorded before it takes place." in future.content.decode()
    empty = http.post(url(client_record), review(people, conclusions=""))
    assert "There is a problem" in empty.content.decode()
    before = http.post(url(client_record), review(people, next_review_on=d(-1)))
    assert "The next review must come after this one." in before.content.decode()
    assert not PlanReview.objects.exists()


def test_a_review_needs_a_plan(http, people, client_record):
    response = http.post(url(client_record), review(people))
    assert response.status_code == 200
    assert not PlanReview.objects.exists()


def test_a_review_can_produce_a_new_version_linked_to_it(http, people, client_record, planned):
    response = http.post(url(client_record), review(people, change_plan="on"))
    saved = PlanReview.objects.get()
    assert response["Location"] == f"/plans/{client_record.case_number}/edit/?review={saved.pk}"
    edit = http.get(response["Location"]).content.decode()
    assert f"This change follows the review of {d(0)}" in edit
    goals = current_form(planned)
    goals[0]["status"] = "achieved"
    saved_version = http.post(url(client_record, "edit/"), form(goals, "Pēc pārskatīšanas", review=str(saved.pk)))
    assert saved_version.status_code == 302
    assert PlanVersion.objects.get(number=2).review == saved
    assert "Pēc pārskatīšanas" in http.get(url(client_record, "versions/")).content.decode()


def test_the_review_list_is_audited(http, people, client_record, planned):
    http.post(url(client_record), review(people))
    http.get(url(client_record))
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="plan_review",
                                     object_ref=client_record.case_number).exists()
