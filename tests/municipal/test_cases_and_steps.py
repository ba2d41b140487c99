"""The municipal social service's own case and its five case-management steps, through the pages."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.municipal.models import CaseStatus, CaseStep, MunicipalCase
from atbalsts.people.models import Client


def d(days_ago=0) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).strftime("%d.%m.%Y")


def step1() -> dict:
    """A complete step 1: the interview, the needs found and why no home visit was made (dated
    when the test runs, under the suite's clock)."""
    return {"interview_on": d(), "needs": ["safety_housing"],
            "home_visit_notes": "Dzīvo patversmē; apsekošana nav vajadzīga"}


def step(http, case, n, **extra):
    data = {"step": n, "date": d(), **(step1() if n == 1 else {}), **extra}
    return http.post(f"/municipal/cases/{case.pk}/steps/new/", data)


def test_a_municipal_worker_opens_a_case_for_a_new_person(people, login):
    http = login(people["municipal"])
    response = http.post("/municipal/cases/new/", {"contact_stage": "before", "given_names": "Olga",
                                                    "surname": "Petrova", "birth_date": "01.02.1990"})
    assert response.status_code == 302
    case = MunicipalCase.objects.get()
    assert response["Location"] == f"/municipal/cases/{case.pk}/"
    # The person is the municipality's own client, made by people.services, with the worker on the team.
    assert case.client.organisation.kind == "municipal_social_service" and case.client.surname == "Petrova"
    assert case.client.team.filter(user=people["municipal"]).exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="municipal_case",
                                     object_ref=case.reference).exists()
    page = http.get(f"/municipal/cases/{case.pk}/").content.decode()
    assert case.reference in page and case.client.case_number in page


def test_a_case_for_an_existing_own_client_and_not_for_someone_elses(people, client_record, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    page = http.post("/municipal/cases/new/", {"contact_stage": "during",
                                               "client_case_number": client_record.case_number})
    assert page.status_code == 200 and "None of your clients has this case number" in page.content.decode()
    assert not MunicipalCase.objects.exists()


def test_the_five_steps_are_recorded_in_order_with_date_and_who(people, mcase, login):
    http = login(people["municipal"])
    assert step(http, mcase, 1, notes="Dzīvo pie radiniekiem").status_code == 302
    assert step(http, mcase, 2, fits_target_group="yes", risk_groups=["unemployed", "women_18_40"],
                needs=["safety_housing"], health=["trauma", "addiction"]).status_code == 302
    assert step(http, mcase, 3, activities=["state_rehabilitation", "benefits"]).status_code == 302
    assert step(http, mcase, 4, outcome="close", follow_up_on=d(-90)).status_code == 302
    mcase.refresh_from_db()
    assert mcase.status == CaseStatus.CLOSED and mcase.closed_at is not None
    assert step(http, mcase, 5, notes="Stabila situācija").status_code == 302
    rows = list(CaseStep.objects.order_by("pk"))
    assert [r.step for r in rows] == [1, 2, 3, 4, 5]
    assert all(r.recorded_by == people["municipal"] and r.date == timezone.localdate() for r in rows)
    assert rows[2].activities == ["state_rehabilitation", "benefits"]
    events = AuditEvent.objects.filter(action=Action.CREATE, object_type="municipal_step")
    assert [e.detail["step"] for e in events] == [1, 2, 3, 4, 5]
    assert all("trauma" not in str(e.detail) for e in events)
    http.cookies["django_language"] = "en"
    page = http.get(f"/municipal/cases/{mcase.pk}/").content.decode()
    assert "State-funded social rehabilitation service" in page and "Trauma" in page
    assert "5. Follow-up" in http.get("/municipal/").content.decode()
    assert AuditEvent.objects.filter(action=Action.READ, object_type="municipal_step_health").exists()


def test_health_issues_of_step_2_are_stored_encrypted(people, mcase, login):
    http = login(people["municipal"])
    step(http, mcase, 1)
    step(http, mcase, 2, fits_target_group="no", health=["sti_hiv"])
    row = CaseStep.objects.get(step=2)
    assert row.health_codes() == ["sti_hiv"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT health_encrypted FROM municipal_casestep WHERE id = %s", [row.pk])
        raw = cursor.fetchone()[0]
    assert "sti_hiv" not in raw and raw.startswith("enc1:")


@pytest.mark.parametrize(
    ("done", "attempt", "extra", "message"),
    [
        ([], 2, {"fits_target_group": "yes"}, "Start with step 1"),
        ([1], 3, {"activities": ["benefits"]}, "Step 3 cannot be recorded yet: record step 2"),
        ([1], 5, {}, "The follow-up (step 5) comes after an evaluation that closed the case"),
        ([1, 2], 1, {}, "The case is already at step 2; the next step is 3"),
        ([1, 2, 3, 4], 3, {"activities": ["benefits"]}, "only the follow-up (step 5)"),
    ],
    ids=["two_before_one", "three_before_two", "follow_up_too_early", "back_to_one", "plan_after_closing"],
)
def test_a_step_out_of_order_is_explained_and_nothing_is_saved(people, mcase, login, done, attempt, extra, message):
    http = login(people["municipal"])
    fill = {2: {"fits_target_group": "yes"}, 3: {"activities": ["benefits"]}, 4: {"outcome": "close"}}
    for n in done:
        assert step(http, mcase, n, **fill.get(n, {})).status_code == 302
    http.cookies["django_language"] = "en"
    before = (CaseStep.objects.count(), AuditEvent.objects.filter(action=Action.CREATE).count())
    response = step(http, mcase, attempt, **extra)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (CaseStep.objects.count(), AuditEvent.objects.filter(action=Action.CREATE).count()) == before


def test_continuing_after_the_evaluation_allows_planning_again(people, mcase, login):
    http = login(people["municipal"])
    step(http, mcase, 1)
    step(http, mcase, 2, fits_target_group="yes")
    step(http, mcase, 3, activities=["psychologist"])
    step(http, mcase, 4, outcome="continue")
    assert step(http, mcase, 3, activities=["employment"]).status_code == 302
    mcase.refresh_from_db()
    assert mcase.status == CaseStatus.OPEN


@pytest.mark.parametrize(
    ("n", "extra", "message"),
    [
        (2, {}, "Say whether the person fits the target group"),
        (3, {}, "Choose at least one activity"),
        (4, {}, "Say whether the case is closed"),
    ],
)
def test_a_step_missing_its_own_content_is_refused(people, mcase, login, n, extra, message):
    http = login(people["municipal"])
    fill = {2: {"fits_target_group": "yes"}, 3: {"activities": ["benefits"]}}
    for k in range(1, n):
        step(http, mcase, k, **fill.get(k, {}))
    http.cookies["django_language"] = "lv"
    count = CaseStep.objects.count()
    response = step(http, mcase, n, **extra)
    assert response.status_code == 200 and CaseStep.objects.count() == count
    http.cookies["django_language"] = "en"
    assert message in step(http, mcase, n, **extra).content.decode()


def test_the_out_of_order_message_is_latvian_for_a_latvian_user(people, mcase, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "lv"
    assert "Sāciet ar 1. soli" in step(http, mcase, 2, fits_target_group="yes").content.decode()


def test_a_future_date_is_refused(people, mcase, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    response = http.post(f"/municipal/cases/{mcase.pk}/steps/new/", {"step": 1, "date": d(-3)})
    assert "cannot be in the future" in response.content.decode() and not CaseStep.objects.exists()


@pytest.mark.parametrize("persona", ["sw", "outsider", "police", "siva", "hotline", "statistician", "other_municipal"])
def test_nobody_but_the_owning_municipality_sees_its_cases(people, mcase, login, persona, other_municipal):
    people["other_municipal"] = other_municipal
    http = login(people[persona])
    assert http.get(f"/municipal/cases/{mcase.pk}/").status_code == 404
    assert http.post(f"/municipal/cases/{mcase.pk}/steps/new/", {"step": 1, "date": d()}).status_code == 404
    assert http.get(f"/municipal/cases/{mcase.pk}/requests/new/").status_code == 404
    status = http.get("/municipal/").status_code
    assert status == 404 or mcase.reference not in http.get("/municipal/").content.decode()
    assert not CaseStep.objects.exists()


def test_a_municipal_worker_without_a_second_factor_sees_nothing(orgs, mcase, login):
    from atbalsts.accounts.models import Role
    from tests.conftest import make_user

    http = login(make_user("m_no_mfa", orgs["municipal"], Role.MUNICIPAL_SOCIAL_WORKER, mfa=False))
    assert http.get(f"/municipal/cases/{mcase.pk}/").status_code in (302, 404)
    assert Client.objects.count() == 1


def test_a_step_dated_before_the_previous_one_is_explained_and_nothing_is_saved(people, mcase, login):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    assert step(http, mcase, 1).status_code == 302
    response = http.post(f"/municipal/cases/{mcase.pk}/steps/new/",
                         {"step": 2, "date": d(3), "fits_target_group": "yes", "notes": "Mana piezīme"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"cannot be dated before the previous step ({d()})" in page and "Mana piezīme" in page
    assert list(CaseStep.objects.values_list("step", flat=True)) == [1]
