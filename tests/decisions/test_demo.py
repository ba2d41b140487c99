import datetime

from django.utils import timezone

from atbalsts.accounts.models import Role
from atbalsts.decisions.demo import build_decisions_demo
from atbalsts.identification.demo import build_identification_demo
from atbalsts.identification.models import CaseStatus
from tests.conftest import make_user


def test_the_demo_puts_cases_at_every_step_including_siva_due_today_and_overdue(orgs, login, monkeypatch):
    # A fixed working Monday: on a weekend nothing can fall due "today".
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 23))
    users = {
        "soc.darbiniece": make_user("soc.darbiniece", orgs["provider_a"], Role.SOCIAL_WORKER),
        "psihologs": make_user("psihologs", orgs["provider_a"], Role.PSYCHOLOGIST),
        "jurists": make_user("jurists", orgs["provider_a"], Role.LAWYER),
        "policists": make_user("policists", orgs["police"], Role.POLICE_OFFICIAL),
        "siva.ierednis": make_user("siva.ierednis", orgs["siva"], Role.SIVA_OFFICER),
    }
    today = timezone.localdate()
    cases = build_identification_demo(orgs, users, today)
    assert cases["recognised_minor"].status == CaseStatus.RECOGNISED
    apps = build_decisions_demo(orgs, users, today)
    assert apps["due_today"].deadline == today and apps["overdue"].deadline < today
    siva = login(users["siva.ierednis"])
    siva.cookies["django_language"] = "en"
    page = siva.get("/decisions/inbox/").content.decode()
    assert "overdue" in page and "due today" in page
