"""Bad input gets a message the operator can act on, in their language; never a server error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from atbalsts.hotline.models import Contact
from atbalsts.hotline.services import record_contact
from tests.hotline.conftest import A_CALL

pytestmark = pytest.mark.django_db

FORM = {"channel": "phone", "caller_type": "person", "caller_choice": "confidential", "language": "lv",
        "duration_minutes": "5", "outcome": "information"}


@pytest.mark.parametrize("change, field", [
    ({"duration_minutes": 9999}, "duration_minutes"),
    ({"duration_minutes": -1}, "duration_minutes"),
    ({"duration_minutes": "ten"}, "duration_minutes"),
    ({"channel": "pigeon"}, "channel"),
    ({"indicators": ["not_a_sign"]}, "indicators"),
    ({"country": "Atlantis"}, "country"),
    ({"shared_categories": ["topics"]}, "shared_categories"),  # the caller chose confidential
    ({"outcome": "client"}, "outcome"),
    ({"advice": "x" * 6000}, "advice"),
])
def test_the_service_names_the_wrong_field(operator, change, field):
    with pytest.raises(ValidationError) as refused:
        record_contact(operator, {**A_CALL, **change})
    assert field in refused.value.message_dict
    assert not Contact.objects.exists()


def test_the_form_says_what_is_wrong_in_latvian(login, people):
    http = login(people["hotline"])
    with translation.override("lv"):
        response = http.post("/hotline/contacts/new/", {**FORM, "duration_minutes": "999"}, HTTP_ACCEPT_LANGUAGE="lv")
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "480" in body
    assert not Contact.objects.exists()


def test_a_missing_duration_is_asked_for(login, people):
    body = login(people["hotline"]).post("/hotline/contacts/new/", {**FORM, "duration_minutes": ""}).content.decode()
    assert "govuk-error-message" in body
    assert not Contact.objects.exists()


def test_a_good_form_saves_and_shows_the_contact(login, people):
    http = login(people["hotline"])
    response = http.post("/hotline/contacts/new/", {**FORM, "indicators": ["isolation"], "caller_handle": "20000042"})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert response["Location"] == f"/hotline/contacts/{contact.reference}/"
    assert contact.indicators == ["isolation"] and contact.caller_id is not None
    page = http.get(response["Location"]).content.decode()
    assert 'id="draft-saved"' in page  # the browser may now drop its draft
    assert 'id="draft-saved"' not in http.get(response["Location"]).content.decode()


def test_an_unknown_detail_action_is_404_not_500(call, login, people):
    contact = call()
    assert login(people["hotline"]).post(f"/hotline/contacts/{contact.reference}/", {"action": "x"}).status_code == 404


def test_a_task_in_the_past_is_refused_with_a_message(call, login, people, clock_today):
    import datetime

    contact = call()
    response = login(people["hotline"]).post(f"/hotline/contacts/{contact.reference}/", {
        "action": "task", "title": "Piezvanīt", "due": (clock_today - datetime.timedelta(days=1)).isoformat(),
        "assigned_to": people["hotline"].pk})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not contact.tasks.exists()
