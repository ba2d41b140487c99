"""What each role can and cannot open. Outsiders always get 404: they cannot tell whether
a case exists."""

import pytest

from atbalsts.audit.models import Action, AuditEvent

NOT_CASE_TEAM = ["psy", "outsider", "siva", "municipal", "police", "hotline", "statistician", "org_admin", "sys_admin"]
NO_CASEWORK_ROLE = ["siva", "statistician", "org_admin", "sys_admin"]


def test_the_case_team_member_opens_the_client(people, client_record, login):
    response = login(people["sw"]).get(f"/clients/{client_record.case_number}/")
    assert response.status_code == 200
    assert "Bērziņa" in response.content.decode()


@pytest.mark.parametrize("persona", NOT_CASE_TEAM)
def test_nobody_outside_the_case_team_can_open_the_client(persona, people, client_record, login):
    http = login(people[persona])
    assert http.get(f"/clients/{client_record.case_number}/").status_code == 404
    assert http.get(f"/clients/{client_record.case_number}/edit/").status_code == 404
    assert http.get(f"/api/clients/{client_record.case_number}/").status_code in (403, 404)


@pytest.mark.parametrize("persona", NOT_CASE_TEAM)
def test_an_unknown_case_number_looks_the_same_as_someone_elses(persona, people, client_record, login):
    http = login(people[persona])
    assert http.get("/clients/AT-ZZZZZZZ/").status_code == 404


@pytest.mark.parametrize("persona", NO_CASEWORK_ROLE)
def test_roles_without_casework_have_no_client_pages_at_all(persona, people, login):
    http = login(people[persona])
    assert http.get("/clients/").status_code == 404
    assert http.get("/clients/new/").status_code == 404
    assert http.get("/api/clients/").status_code == 403


@pytest.mark.parametrize("persona", ["psy", "outsider", "municipal", "police", "hotline"])
def test_casework_roles_elsewhere_do_not_see_the_client_in_their_list_or_search(
    persona, people, client_record, login
):
    http = login(people[persona])
    listing = http.get("/clients/")
    assert listing.status_code == 200
    assert client_record.case_number not in listing.content.decode()
    found = http.post("/clients/", {"q": "Bērziņa"})
    assert client_record.case_number not in found.content.decode()
    api = http.post("/api/clients/search/", {"q": client_record.case_number}).json()
    assert api["count"] == 0


def test_a_colleague_added_to_the_case_team_can_then_open_it(people, client_record, login):
    sw = login(people["sw"])
    psy = login(people["psy"])
    assert psy.get(f"/clients/{client_record.case_number}/").status_code == 404
    response = sw.post(f"/clients/{client_record.case_number}/team/add/", {"user": people["psy"].pk})
    assert response.status_code == 302
    assert psy.get(f"/clients/{client_record.case_number}/").status_code == 200


def test_a_colleague_of_another_organisation_cannot_join_the_case_team(people, client_record, login):
    sw = login(people["sw"])
    response = sw.post(f"/clients/{client_record.case_number}/team/add/", {"user": people["outsider"].pk})
    assert response.status_code == 200  # the form is shown again with the reason
    assert not client_record.team.filter(user=people["outsider"]).exists()


def test_staff_without_a_second_factor_are_sent_to_set_it_up(people, client_record, login):
    http = login(people["no_mfa"])
    response = http.get("/clients/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate" in response["Location"]
    assert http.get(f"/clients/{client_record.case_number}/").status_code == 302
    assert http.get("/api/clients/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, client_record):
    response = client.get(f"/clients/{client_record.case_number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/api/clients/").status_code == 403


def test_a_refused_open_is_written_to_the_audit_trail(people, client_record, login):
    login(people["outsider"]).get(f"/clients/{client_record.case_number}/")
    event = AuditEvent.objects.filter(action=Action.DENIED).get()
    assert event.object_ref == client_record.case_number
    assert event.actor_username == "outsider"
