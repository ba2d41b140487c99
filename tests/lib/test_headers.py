"""Headers on every kind of page: no-store for signed-in users, a Permissions-Policy for all."""

import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def editor(people):
    user = people["org_admin"]
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.mark.parametrize("path", ["/clients/", "/", "/api/clients/", "/tasks/"])
def test_a_signed_in_staff_members_pages_and_api_answers_are_never_stored(login, people, client_record, path):
    response = login(people["sw"]).get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_client_page_with_personal_data_is_never_stored(login, people, client_record):
    response = login(people["sw"]).get(f"/clients/{client_record.case_number}/")
    assert response.status_code == 200 and "Bērziņa" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_the_cms_is_never_stored(login, editor):
    response = login(editor).get("/cms/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_public_page_seen_by_a_signed_in_user_is_not_stored_either(login, people):
    response = login(people["sw"]).get("/lv/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_an_anonymous_public_page_keeps_its_own_caching(client, db):
    response = client.get("/lv/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/lv/", "/accounts/login/"])
def test_anonymous_pages_carry_a_permissions_policy(client, db, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_staff_pages_the_api_and_the_cms_carry_the_permissions_policy(login, people, editor, client_record):
    for who, path in (("sw", "/clients/"), ("sw", "/api/clients/"), ("editor", "/cms/")):
        http = login(editor if who == "editor" else people[who])
        assert "camera=()" in http.get(path)["Permissions-Policy"], path
