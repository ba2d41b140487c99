import datetime

from atbalsts.accounts.models import Role
from atbalsts.decisions.demo import build_decisions_demo
from atbalsts.identification.demo import build_identification_demo
from atbalsts.rehabilitation.demo import build_rehabilitation_demo
from atbalsts.rehabilitation.models import Course
from tests.conftest import make_user

from .conftest import TODAY


def test_after_the_demo_the_administrator_reports_on_the_demo_courses(orgs, login):
    users = {
        "soc.darbiniece": make_user("soc.darbiniece", orgs["provider_a"], Role.SOCIAL_WORKER),
        "psihologs": make_user("psihologs", orgs["provider_a"], Role.PSYCHOLOGIST),
        "jurists": make_user("jurists", orgs["provider_a"], Role.LAWYER),
        "policists": make_user("policists", orgs["police"], Role.POLICE_OFFICIAL),
        "siva.ierednis": make_user("siva.ierednis", orgs["siva"], Role.SIVA_OFFICER),
        "org.admins": make_user("org.admins", orgs["provider_a"], Role.ORG_ADMIN),
    }
    build_identification_demo(orgs, users, TODAY)
    build_decisions_demo(orgs, users, TODAY)
    build_rehabilitation_demo(orgs, users, TODAY)
    start, end = TODAY - datetime.timedelta(days=365), TODAY
    data = login(users["org.admins"]).get(f"/api/reports/period/?start={start}&end={end}").json()
    numbers = {c.client.case_number for c in Course.objects.filter(organisation=orgs["provider_a"])}
    assert {ln["case_number"] for ln in data["lines"]} <= numbers and data["lines"]
    assert data["total"]["course_days"] > 0 and data["total"]["aftercare_consultations"] >= 4
    # 145 h of the legal-aid course and 2 h of the course whose support starts after its end.
    assert sum(float(h) for h in data["total"]["proceedings_hours"].values()) == 147
    page = login(users["org.admins"]).get(f"/reports/?start={start:%d.%m.%Y}&end={end:%d.%m.%Y}")
    assert page.status_code == 200 and "Demo-Bērns" not in page.content.decode()
