import pytest

from atbalsts.plans.models import Plan

from .helpers import first_plan, form


@pytest.fixture
def http(people, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    return http


@pytest.fixture
def planned(http, people, client_record):
    response = http.post(f"/plans/{client_record.case_number}/edit/", form(first_plan(people["sw"].pk)))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Plan.objects.get(client=client_record)
