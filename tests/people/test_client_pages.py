import pytest

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people.models import Client, FamilyMember

VALID = {
    "given_names": "Oksana",
    "surname": "Kovalenko",
    "personal_code": "",
    "birth_date": "02.05.2001",
    "sex": "female",
    "citizenship": "Ukraina",
    "languages": "ukraiņu",
    "phone": "",
    "email": "",
    "address": "",
}


def test_a_social_worker_creates_a_client_and_lands_on_the_case(people, login):
    http = login(people["sw"])
    response = http.post("/clients/new/", VALID)
    assert response.status_code == 302
    client = Client.objects.get()
    assert response["Location"] == f"/clients/{client.case_number}/"
    assert client.surname == "Kovalenko"
    assert client.team.filter(user=people["sw"]).exists()
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="client")
    assert event.object_ref == client.case_number
    assert "Kovalenko" not in str(event.detail)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("personal_code", "12345", "11 digits"),
        ("birth_date", "31.02.2001", "valid date"),
        ("birth_date", "01.01.2999", "future"),
        ("surname", "", "required"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(people, login, field, value, message):
    http = login(people["sw"])
    events_before = AuditEvent.objects.count()
    http.cookies["django_language"] = "en"
    response = http.post("/clients/new/", {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Client.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_editing_saves_the_change_and_audits_only_the_field_names(people, client_record, login):
    http = login(people["sw"])
    data = {**VALID, "given_names": "Līga", "surname": "Ozoliņa", "birth_date": "14.03.1995"}
    response = http.post(f"/clients/{client_record.case_number}/edit/", data)
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.surname == "Ozoliņa"
    event = AuditEvent.objects.filter(action=Action.UPDATE).get()
    assert "surname" in event.detail["fields"]
    assert "Ozoliņa" not in str(event.detail)


def test_a_family_member_is_added_and_removed(people, client_record, login):
    http = login(people["sw"])
    response = http.post(
        f"/clients/{client_record.case_number}/family/new/",
        {"relation": "child", "given_names": "Anna", "surname": "Bērziņa", "birth_date": "01.06.2018",
         "accompanying": "on", "lives_in_latvia": "on"},
    )
    assert response.status_code == 302
    member = FamilyMember.objects.get()
    assert member.accompanying is True
    page = http.get(f"/clients/{client_record.case_number}/").content.decode()
    assert "Anna" in page and "01.06.2018" in page
    assert http.post(f"/clients/{client_record.case_number}/family/{member.pk}/remove/").status_code == 302
    assert not FamilyMember.objects.exists()


def test_dates_are_shown_the_latvian_way(people, client_record, login):
    page = login(people["sw"]).get(f"/clients/{client_record.case_number}/").content.decode()
    assert "14.03.1995" in page


def test_the_list_shows_case_numbers_and_initials_not_names(people, client_record, login):
    page = login(people["sw"]).get("/clients/").content.decode()
    assert client_record.case_number in page
    assert "L. B." in page
    assert "Bērziņa" not in page


def test_the_list_pages_through_a_large_caseload_newest_first(people, login):
    from atbalsts.people.services import create_client
    from tests.conftest import actor

    sw = actor(people["sw"])
    made = [create_client(sw, {"given_names": "Anna", "surname": f"Ozola{i}"}).case_number for i in range(51)]
    http = login(people["sw"])
    first = http.get("/clients/")
    assert made[-1] in first.content.decode() and made[0] not in first.content.decode()
    assert 'rel="next"' in first.content.decode() and "page=" not in first.content.decode()
    second = http.get("/clients/", {"after": first.context["page"].next_cursor}).content.decode()
    assert made[0] in second and 'rel="next"' not in second and 'rel="prev"' in second
    api = http.get("/api/clients/").json()
    assert len(api["results"]) == 50 and api["next"]
    rest = http.get(api["next"]).json()
    assert [r["case_number"] for r in rest["results"]] == [made[0]]


def test_a_taken_case_number_is_drawn_again(people, monkeypatch):
    from atbalsts.people import models, services
    from tests.conftest import actor

    sw = actor(people["sw"])
    first = services.create_client(sw, {"given_names": "A", "surname": "Bērziņa"})
    monkeypatch.setattr(models.Client._meta.get_field("case_number"), "_get_default", lambda: first.case_number)
    monkeypatch.setattr(services, "new_case_number", lambda: "AT-2345678")
    second = services.create_client(sw, {"given_names": "B", "surname": "Kalniņa"})
    assert second.case_number == "AT-2345678"
