"""The case team draws up the plan, changes it (one submission = one new version), compares versions."""

from __future__ import annotations

import pytest

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.models import CaseTeamMember
from atbalsts.plans.models import Plan, PlanVersion

from .helpers import current_form as _current_form
from .helpers import d, first_plan, form


def url(client, rest=""):
    return f"/plans/{client.case_number}/{rest}"


def test_a_client_without_a_plan_offers_to_draw_it_up(http, client_record):
    page = http.get(url(client_record)).content.decode()
    assert "No plan has been drawn up" in page
    assert url(client_record, "edit/") in page


def test_the_client_page_links_to_the_plan(http, client_record):
    page = http.get(f"/clients/{client_record.case_number}/").content.decode()
    assert url(client_record) in page


def test_drawing_up_the_plan_saves_version_one_grouped_by_area(http, people, client_record, planned):
    version = planned.current_version
    assert version.number == 1 and version.created_by == people["sw"]
    assert [g["area"] for g in version.data["goals"]] == ["housing", "documents"]
    page = http.get(url(client_record)).content.decode()
    assert page.index("Housing") < page.index("Atrast drošu mājokli")
    assert page.index("Documents") < page.index("Atjaunot pasi")
    assert "Lawyer" in page and d(10) in page
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="plan_version")
    assert event.object_ref == f"{client_record.case_number}/v1"
    assert "Atrast" not in str(event.detail)


def test_goal_text_is_encrypted_at_rest(planned):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT content, reason FROM plans_planversion")
        content, reason = cursor.fetchone()
    assert "Atrast" not in content and "Pirmā" not in reason


def test_the_first_plan_sets_the_next_review_from_the_policy_interval(planned):
    import datetime

    from atbalsts.policy.rules import ruleset_on

    today = datetime.date.today()
    assert planned.next_review_on == today + datetime.timedelta(days=ruleset_on(today).plan_review_interval_days)


def test_changing_the_plan_in_one_submission_makes_exactly_one_new_version(http, people, client_record, planned):
    goals = _current_form(planned)
    goals[0]["status"] = "achieved"
    goals[1]["activities"][0]["due"] = d(30)  # moved
    goals[1]["activities"].append({"text": "Samaksāt nodevu", "responsible": "role:social_worker", "due": d(5)})
    goals.append({"area": "employment", "text": "Atrast darbu", "activities": []})
    response = http.post(url(client_record, "edit/"), form(goals, "Pārskatīšanā vienojās", base_version="1"))
    assert response.status_code == 302
    assert PlanVersion.objects.filter(plan=planned).count() == 2
    v1, v2 = PlanVersion.objects.filter(plan=planned).order_by("number")
    assert v1.data["goals"][0]["status"] == "open", "the earlier version stays as it was"
    assert v2.data["goals"][0]["status"] == "achieved"
    assert [g["key"] for g in v2.data["goals"][:2]] == [g["key"] for g in v1.data["goals"]]
    assert len(v2.data["goals"]) == 3 and len(v2.data["goals"][1]["activities"]) == 2
    versions = http.get(url(client_record, "versions/")).content.decode()
    assert "Pārskatīšanā vienojās" in versions and "Pirmā versija" in versions


def test_compare_shows_goals_added_removed_changed_and_due_dates_moved(http, client_record, planned):
    goals = _current_form(planned)
    goals[0]["text"] = "Atrast drošu mājokli Rīgā"
    goals[1]["activities"][0]["due"] = d(30)
    goals[1]["remove"] = True  # removing this goal takes precedence over the moved date
    goals.append({"area": "health", "text": "Veselības pārbaude", "activities": [
        {"text": "Pierakstīt pie ģimenes ārsta", "responsible": "role:medical", "due": d(3)}]})
    assert http.post(url(client_record, "edit/"), form(goals, "Otrā")).status_code == 302
    goals = _current_form(Plan.objects.get(pk=planned.pk))
    goals[1]["activities"][0]["due"] = d(7)
    assert http.post(url(client_record, "edit/"), form(goals, "Trešā")).status_code == 302

    page = http.get(url(client_record, "compare/?a=1&b=2")).content.decode()
    assert "Version 1 compared with version 2" in page
    # Text markers, not colour alone.
    assert "Added" in page and "Removed" in page and "Changed" in page and "text changed" in page
    assert "Veselības pārbaude" in page and "Atjaunot pasi" in page

    moved = http.get(url(client_record, "compare/?a=2&b=3")).content.decode()
    assert "due date moved" in moved
    assert f"Due date moved from {d(3)} to {d(7)}" in moved
    default = http.get(url(client_record, "compare/")).content.decode()
    assert "Version 2 compared with version 3" in default
    assert AuditEvent.objects.filter(action=Action.READ, object_type="plan_version",
                                     detail__compare=[2, 3]).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g: g[0].update(area=""), "Choose the area of the goal."),
        (lambda g: g[0].update(text=""), "Write the goal."),
        (lambda g: g[0]["activities"].append({"text": "Jauns", "responsible": "role:lawyer", "due": d(-1)}),
         "is in the past"),
        (lambda g: g[0]["activities"].append({"text": "Jauns", "due": d(3)}), "Say who is responsible"),
        (lambda g: g[0]["activities"].append({"text": "", "responsible": "role:lawyer", "due": d(3)}),
         "Describe the activity."),
    ],
)
def test_invalid_changes_are_explained_and_nothing_is_saved(http, client_record, planned, change, message):
    goals = _current_form(planned)
    goals.append({"area": "family", "text": "Atjaunot saikni ar ģimeni", "activities": []})
    change(goals)
    response = http.post(url(client_record, "edit/"), form(goals, "Mēģinājums"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert PlanVersion.objects.filter(plan=planned).count() == 1
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="plan_version").count() == 1


def test_a_new_goal_without_an_area_is_refused_even_on_the_first_version(http, client_record):
    response = http.post(url(client_record, "edit/"), form([{"text": "Bez jomas", "activities": []}]))
    assert "Choose the area of the goal." in response.content.decode()
    assert not Plan.objects.filter(client=client_record).exists()


def test_a_colleague_outside_the_case_team_cannot_be_made_responsible(http, people, client_record, planned):
    goals = _current_form(planned)
    goals[0]["activities"].append({"text": "Psihologa konsultācija", "responsible": f"user:{people['psy'].pk}",
                                   "due": d(4)})
    response = http.post(url(client_record, "edit/"), form(goals, "Mēģinājums"))
    assert response.status_code == 200
    assert PlanVersion.objects.filter(plan=planned).count() == 1


def test_saving_without_a_change_or_a_reason_makes_no_version(http, client_record, planned):
    unchanged = http.post(url(client_record, "edit/"), form(_current_form(planned), "Nekas"))
    assert "Nothing was changed" in unchanged.content.decode()
    goals = _current_form(planned)
    goals[0]["text"] = "Cits teksts"
    no_reason = http.post(url(client_record, "edit/"), form(goals, ""))
    assert "Say what changed and why." in no_reason.content.decode()
    assert PlanVersion.objects.filter(plan=planned).count() == 1


def test_an_edit_made_from_an_old_version_is_refused(http, client_record, planned):
    goals = _current_form(planned)
    goals[0]["text"] = "A"
    assert http.post(url(client_record, "edit/"), form(goals, "Viens", base_version="1")).status_code == 302
    goals[0]["text"] = "B"
    stale = http.post(url(client_record, "edit/"), form(goals, "Otrs", base_version="1"))
    assert "while you were editing" in stale.content.decode()
    assert PlanVersion.objects.filter(plan=planned).count() == 2


def test_versions_are_immutable(planned):
    version = planned.current_version
    version.reason = "pārrakstīts"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        PlanVersion.objects.filter(pk=version.pk).update(reason="x")


def test_the_pages_work_in_latvian(people, login, client_record, planned):
    http = login(people["sw"])
    http.cookies["django_language"] = "lv"
    page = http.get(url(client_record)).content.decode()
    assert "Mājoklis" in page and "Mainīt plānu" in page


@pytest.mark.parametrize("rest", ["", "edit/", "versions/", "versions/1/", "compare/?a=1&b=1", "reviews/"])
def test_outsiders_and_colleagues_off_the_team_get_404_and_the_refusal_is_audited(
        people, login, client_record, planned, rest):
    for name in ("outsider", "psy", "municipal"):
        response = login(people[name]).get(url(client_record, rest))
        assert response.status_code == 404, name
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="plan",
                                     object_ref=client_record.case_number).count() >= 3


def test_an_outsider_cannot_post_a_version(people, login, client_record, planned):
    response = login(people["outsider"]).post(url(client_record, "edit/"), form(first_plan(people["sw"].pk)))
    assert response.status_code == 404
    assert PlanVersion.objects.filter(plan=planned).count() == 1


def test_every_read_is_audited(http, client_record, planned):
    http.get(url(client_record))
    http.get(url(client_record, "versions/1/"))
    http.get(url(client_record, "versions/"))
    assert AuditEvent.objects.filter(action=Action.READ, object_type="plan",
                                     object_ref=client_record.case_number).exists()
    assert AuditEvent.objects.filter(action=Action.READ, object_type="plan_version",
                                     object_ref=f"{client_record.case_number}/v1").exists()
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="plan_version").exists()


def test_a_team_member_who_joins_later_can_be_made_responsible(http, people, client_record, planned):
    CaseTeamMember.objects.create(client=client_record, user=people["psy"], role="psychologist")
    goals = _current_form(planned)
    goals[0]["activities"].append({"text": "Konsultācija", "responsible": f"user:{people['psy'].pk}",
                                   "due": d(4)})
    assert http.post(url(client_record, "edit/"), form(goals, "Psihologs")).status_code == 302
    page = http.get(url(client_record)).content.decode()
    assert "psy (Psychologist)" in page
