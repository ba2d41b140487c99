"""SIVA's service start and the application's signing date go through the one date guard."""

import datetime

import pytest

from atbalsts.decisions.models import Application, Decision
from atbalsts.identification import services as identification_services
from tests.conftest import actor
from tests.identification.flow import recognised_case

J = {"content_type": "application/json"}


@pytest.fixture
def app(people, orgs, client_record, login):
    case = recognised_case(people, orgs, client_record)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    bad = http.post(f"/decisions/apply/{case.pk}/", {
        "ground": case.grounds.get().pk, "signatory": "person", "signatory_name": "Līga Bērziņa",
        "signed_on": "25.01.2000"})
    assert bad.status_code == 200 and "Give a date on or after 01.01.2007." in bad.content.decode()
    assert not Application.objects.exists()
    ok = http.post(f"/decisions/apply/{case.pk}/", {
        "ground": case.grounds.get().pk, "signatory": "person", "signatory_name": "Līga Bērziņa",
        "signed_on": "13.11.2026"})
    assert ok.status_code == 302
    return Application.objects.get()


def test_a_service_start_before_any_rules_is_refused_on_the_page_and_in_the_api(people, app, login):
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    page = siva.post(f"/decisions/applications/{app.pk}/", {"outcome": "grant", "service_start": "25.01.2000"})
    assert page.status_code == 200 and "Give a date on or after 01.01.2007." in page.content.decode()
    far = siva.post(f"/api/decisions/siva-inbox/{app.pk}/decide/",
                    {"outcome": "grant", "service_start": "9999-12-31"}, **J)
    assert far.status_code == 400 and "too far in the future" in str(far.json()["service_start"])
    assert not Decision.objects.exists()


def test_siva_sees_that_the_person_is_a_witness_on_ground_1(people, client_record, login):
    sw = actor(people["sw"])
    case = identification_services.open_case(sw, client_record)
    ground = identification_services.record_ground(sw, case, {
        "ground": "proceedings", "standing": "witness", "document_number": "11816000123",
        "document_date": datetime.date(2026, 11, 5), "issuing_body": "Valsts policija"})
    identification_services.record_eligibility(sw, case, {"eu_citizen": True})  # needed before applying
    http = login(people["sw"])
    assert http.post(f"/decisions/apply/{case.pk}/", {"ground": ground.pk, "signatory": "person",
                                                      "signatory_name": "Līga Bērziņa", "signed_on": "13.11.2026"}
                     ).status_code == 302
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    app = Application.objects.get()
    assert "Has witness status (does not want to be recognised as a victim)" in siva.get(
        f"/decisions/applications/{app.pk}/").content.decode()
    assert "witness status" in siva.get(f"/api/decisions/siva-inbox/{app.pk}/").json()["ground_label"]
