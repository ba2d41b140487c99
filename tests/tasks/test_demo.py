from django.core import mail
from django.core.management import call_command

from atbalsts.accounts.models import Role
from atbalsts.decisions.demo import build_decisions_demo
from atbalsts.identification.demo import build_identification_demo
from atbalsts.tasks.demo import build_tasks_demo
from atbalsts.tasks.models import Task
from tests.conftest import make_user

from .conftest import TODAY


def test_the_demo_gives_the_social_worker_tasks_and_the_digest_someone_to_write_to(orgs, login):
    users = {
        "soc.darbiniece": make_user("soc.darbiniece", orgs["provider_a"], Role.SOCIAL_WORKER),
        "psihologs": make_user("psihologs", orgs["provider_a"], Role.PSYCHOLOGIST),
        "jurists": make_user("jurists", orgs["provider_a"], Role.LAWYER),
        "policists": make_user("policists", orgs["police"], Role.POLICE_OFFICIAL),
        "siva.ierednis": make_user("siva.ierednis", orgs["siva"], Role.SIVA_OFFICER),
    }
    for user in users.values():
        user.email = f"{user.username}@demo.invalid"
        user.save()
    build_identification_demo(orgs, users, TODAY)
    build_decisions_demo(orgs, users, TODAY)
    tasks = build_tasks_demo(orgs, users, TODAY)
    assert len(tasks) == 3 and all(t.case_number for t in tasks)
    assert build_tasks_demo(orgs, users, TODAY) == tasks and Task.objects.filter(notice="").count() == 3
    # The other demos' events told people too: the police official of the commission seats.
    assert Task.objects.filter(owner=users["policists"], notice="commission_invitation").exists()
    http = login(users["soc.darbiniece"])
    http.cookies["django_language"] = "en"
    html = http.get("/tasks/").content.decode()
    assert "Piezvanīt patversmei" in html and ">overdue<" in html and ">due today<" in html
    siva_html = login(users["siva.ierednis"]).get("/tasks/").content.decode()
    assert "Decide on application" in siva_html or "Pieņemt lēmumu" in siva_html
    call_command("send_digest", "--date", TODAY.isoformat())
    assert {m.to[0] for m in mail.outbox} == {"soc.darbiniece@demo.invalid", "siva.ierednis@demo.invalid"}
