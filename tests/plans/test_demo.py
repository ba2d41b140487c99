"""The demo plans: after the existing demo, some clients of provider A get plans with versions and reviews."""

from __future__ import annotations

import datetime

from django.utils import timezone

from atbalsts.accounts.models import Role
from atbalsts.people.models import Client
from atbalsts.people.services import add_to_case_team, create_client
from atbalsts.plans.demo import build_plans_demo
from atbalsts.plans.models import Plan
from atbalsts.plans.reminders import reminders
from tests.conftest import actor, make_user


def test_the_demo_adds_plans_with_versions_and_reviews_one_overdue(orgs, login):
    users = {
        "soc.darbiniece": make_user("soc.darbiniece", orgs["provider_a"], Role.SOCIAL_WORKER),
        "psihologs": make_user("psihologs", orgs["provider_a"], Role.PSYCHOLOGIST),
        "jurists": make_user("jurists", orgs["provider_a"], Role.LAWYER),
    }
    sw = actor(users["soc.darbiniece"])
    # As the existing demo leaves them: clients of provider A with a colleague on some teams.
    for i in range(4):
        client = create_client(sw, {"given_names": f"Demo{i}", "surname": "Klients"})
        add_to_case_team(sw, client, users["psihologs" if i % 2 == 0 else "jurists"].pk)
    today = timezone.localdate()
    plans = build_plans_demo(orgs, users, today)
    assert len(plans) == 3
    for plan in plans:
        assert 2 <= plan.versions.count() <= 3
        assert plan.reviews.count() == 1
        assert plan.versions.filter(review__isnull=False).exists()
    overdue = [p for p in plans if p.next_review_on < today]
    assert len(overdue) == 1
    assert build_plans_demo(orgs, users, today) == [], "calling it again adds nothing"
    assert Plan.objects.count() == 3

    found = reminders(actor(users["soc.darbiniece"]), today)
    assert any(r.kind == "plan_review_due" and r.urgent for r in found)
    http = login(users["soc.darbiniece"])
    http.cookies["django_language"] = "en"
    case = overdue[0].client.case_number
    page = http.get(f"/plans/{case}/").content.decode()
    assert "overdue" in page and "Safety" in page
    compare = http.get(f"/plans/{case}/compare/?a=1&b=2").content.decode()
    assert "Added" in compare and "due date moved" in compare
    assert Client.objects.filter(organisation=orgs["provider_a"]).count() == 4


def test_the_demo_runs_after_the_existing_demo_builder(db, monkeypatch):
    from atbalsts.accounts.models import Organisation, User
    from atbalsts.demo import data

    monkeypatch.setattr(data, "CLIENTS", [("provider_a", 6, "soc.darbiniece", ["psihologs", "jurists"])])
    monkeypatch.setattr(data, "_later_stages", lambda *a, **k: None)
    data.build(datetime.date.today())
    orgs = {key: Organisation.objects.get(name=name) for key, name, *_ in data.ORGANISATIONS}
    users = {u.username: u for u in User.objects.all()}
    plans = build_plans_demo(orgs, users, timezone.localdate())
    assert len(plans) == 3
    assert all(p.client.organisation == orgs["provider_a"] for p in plans)
