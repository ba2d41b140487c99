"""Only the operators of the hotline reach its contact log; everybody else gets a 404, recorded.
Every listing and opening is in the audit trail."""

from __future__ import annotations

import pytest

from atbalsts.audit.models import AuditEvent
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PAGES = ["/hotline/contacts/", "/hotline/contacts/new/"]


def test_the_operator_opens_the_log_and_the_contact(call, login, people):
    contact = call()
    http = login(people["hotline"])
    assert http.get("/hotline/contacts/").status_code == 200
    page = http.get(f"/hotline/contacts/{contact.reference}/")
    assert page.status_code == 200
    assert "Izskaidrojām" in page.content.decode()


@pytest.mark.parametrize("who", ["sw", "outsider", "municipal", "police", "siva", "statistician", "org_admin",
                                 "sys_admin"])
def test_other_roles_get_404_everywhere(call, login, people, who):
    contact = call()
    http = login(people[who])
    for url in [*PAGES, f"/hotline/contacts/{contact.reference}/", f"/hotline/contacts/{contact.reference}/client/"]:
        assert http.get(url).status_code == 404, url
    assert http.post("/hotline/contacts/count/", {"tally": "phone:silent"}).status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_type="hotline_contact", actor_id=people[who].pk).exists()


def test_the_operator_of_another_hotline_gets_404_for_this_hotlines_contact(call, login, other_operator):
    contact = call()
    http = login(other_operator)
    assert http.get("/hotline/contacts/").status_code == 200  # their own (empty) log
    assert http.get(f"/hotline/contacts/{contact.reference}/").status_code == 404
    assert contact.reference not in http.get("/hotline/contacts/").content.decode()
    assert http.get(f"/api/hotline/contacts/{contact.reference}/").status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_ref=contact.reference,
                                     actor_id=other_operator.pk).exists()


def test_a_hotline_member_without_the_operator_role_gets_404(call, login, orgs):
    admin = make_user("hotline_admin", orgs["hotline"], "org_admin")
    assert login(admin).get("/hotline/contacts/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/hotline/contacts/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_read_is_audited(call, login, people):
    contact = call()
    http = login(people["hotline"])
    http.get("/hotline/contacts/")
    http.get(f"/hotline/contacts/{contact.reference}/")
    http.get(f"/api/hotline/contacts/{contact.reference}/")
    listed = AuditEvent.objects.filter(action="list", object_type="hotline_contact").get()
    assert contact.reference in listed.detail["references"]
    assert AuditEvent.objects.filter(action="read", object_ref=contact.reference).count() == 2


def test_the_web_reports_inbox_still_works_beside_the_log(login, people, orgs):
    from atbalsts.portal.services import submit_report

    report = submit_report(orgs["hotline"], {"what_happened": "Aizdomas", "language": "lv", "danger_now": "no"})
    http = login(people["hotline"])
    assert http.get("/hotline/").status_code == 200
    assert http.get(f"/hotline/{report.reference}/").status_code == 200
    # The report appears in the contact log as a web report, linking to the inbox's page.
    log = http.get("/hotline/contacts/").content.decode()
    assert f'href="/hotline/{report.reference}/"' in log
