"""The contact log's API: the same rules as the pages (operators of that hotline, 404 for others)."""

from __future__ import annotations

import pytest

from atbalsts.hotline.models import Contact, CountOnlyTally
from tests.hotline.conftest import A_CALL

pytestmark = pytest.mark.django_db

URL = "/api/hotline/contacts/"


def test_the_operator_logs_a_call_and_reads_it_back(login, people):
    http = login(people["hotline"])
    response = http.post(URL, {**A_CALL, "caller_handle": "+371 2000 0042"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "phone" and body["earlier_contacts"] == 0
    assert "caller_handle" not in body and "2000" not in response.content.decode()
    contact = Contact.objects.get(reference=body["reference"])
    assert contact.caller_id is not None
    listed = http.get(URL).json()
    assert [c["reference"] for c in listed] == [contact.reference]
    assert "advice" not in listed[0]  # the list carries no free text
    assert http.get(f"{URL}{contact.reference}/").json()["advice"] == A_CALL["advice"]


def test_bad_input_is_a_400_naming_the_field(login, people):
    http = login(people["hotline"])
    response = http.post(URL, {**A_CALL, "duration_minutes": 100000, "channel": "fax"},
                         content_type="application/json")
    assert response.status_code == 400
    assert {"duration_minutes", "channel"} <= set(response.json())
    response = http.post(URL, {**A_CALL, "shared_categories": ["topics"]}, content_type="application/json")
    assert response.status_code == 400 and "shared_categories" in response.json()
    assert not Contact.objects.exists()


def test_count_only_is_one_call(login, people):
    http = login(people["hotline"])
    for expected in (1, 2):
        response = http.post(f"{URL}count-only/", {"kind": "silent", "channel": "phone"},
                             content_type="application/json")
        assert response.status_code == 201 and response.json()["count"] == expected
    assert CountOnlyTally.objects.get().count == 2


@pytest.mark.parametrize("who", ["sw", "municipal", "police", "statistician"])
def test_other_roles_get_404(login, people, call, who):
    contact = call()
    http = login(people[who])
    assert http.get(URL).status_code == 404
    assert http.get(f"{URL}{contact.reference}/").status_code == 404
    assert http.post(URL, A_CALL, content_type="application/json").status_code == 404
    assert http.post(f"{URL}count-only/", {"kind": "silent", "channel": "phone"},
                     content_type="application/json").status_code == 404
    assert Contact.objects.count() == 1 and not CountOnlyTally.objects.exists()


def test_another_hotlines_operator_sees_only_their_own(login, call, other_operator):
    contact = call()
    http = login(other_operator)
    assert http.get(URL).json() == []
    assert http.get(f"{URL}{contact.reference}/").status_code == 404


def test_anonymous_gets_403(client):
    assert client.get(URL).status_code == 403


def test_the_schema_documents_the_endpoints(login, people):
    schema = login(people["hotline"]).get("/api/schema/?format=json").json()
    assert {"/api/hotline/contacts/", "/api/hotline/contacts/{reference}/",
            "/api/hotline/contacts/count-only/"} <= set(schema["paths"])
