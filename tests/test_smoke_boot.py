import pytest


@pytest.mark.django_db
def test_the_login_page_opens_for_anyone(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"<form" in response.content
