"""Anonymous reports: sent without an account, stored encrypted before the confirmation shows,
read only by the receiving hotline's operators, never tied to an address."""

from __future__ import annotations

import re

import pytest
from django.db import DatabaseError, connection

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.audit.models import AuditEvent
from atbalsts.portal import ratelimit
from atbalsts.portal.models import AnonymousReport, ReportAddition, TriageStatus
from tests.conftest import actor

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Mani tur Ūdens ielā 7 un paņēma pasi"
ADDRESS = "203.0.113.77"
OTHER_PERSONAS = ["sw", "psy", "outsider", "siva", "municipal", "police", "statistician", "org_admin", "sys_admin"]


def form_data(**overrides):
    data = {
        "what_happened": SECRET_TEXT,
        "where": "Rīga",
        "danger_now": "yes",
        "safe_contact": "+371 20000002",
        "safe_time": "pēc 18:00",
        "language": "lv",
        "website": "",
    }
    data.update(overrides)
    return data


def send(client, language="lv", **overrides):
    return client.post(f"/{language}/report/", form_data(**overrides), REMOTE_ADDR=ADDRESS)


def shown_reference(response) -> str:
    match = re.search(r'<strong class="atb-reference">([A-Z0-9]{5})-([A-Z0-9]{5})</strong>', response.content.decode())
    assert match, response.content.decode()
    return match.group(1) + match.group(2)


@pytest.fixture
def hotline(orgs):
    return orgs["hotline"]


def test_a_report_is_stored_and_its_reference_shown(client, hotline):
    response = send(client)
    assert response.status_code == 200
    reference = shown_reference(response)
    report = AnonymousReport.objects.get(reference=reference)
    assert report.organisation == hotline
    assert report.what_happened == SECRET_TEXT
    assert report.status == TriageStatus.NEW
    assert "no-store" in response["Cache-Control"]


def test_the_form_page_is_csrf_protected(hotline):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/lv/report/", form_data()).status_code == 403
    assert not AnonymousReport.objects.exists()


def test_a_report_reaches_the_inbox_of_the_hotline_operator(client, hotline, people, login):
    reference = shown_reference(send(client))
    operator = login(people["hotline"])
    inbox = operator.get("/hotline/")
    assert inbox.status_code == 200
    assert f"/hotline/{reference}/" in inbox.content.decode()
    page = operator.get(f"/hotline/{reference}/")
    assert page.status_code == 200
    assert SECRET_TEXT in page.content.decode()
    read = AuditEvent.objects.filter(action="read", object_type="anonymous_report", object_ref=reference)
    assert read.count() == 1
    assert read.get().actor_username == "hotline"


@pytest.mark.parametrize("persona", OTHER_PERSONAS)
def test_nobody_else_sees_the_inbox_or_a_report(client, hotline, people, login, persona):
    reference = shown_reference(send(client))
    http = login(people[persona])
    assert http.get("/hotline/").status_code == 404
    assert http.get(f"/hotline/{reference}/").status_code == 404
    assert http.post(f"/hotline/{reference}/", {"status": "closed"}).status_code == 404
    assert AnonymousReport.objects.get(reference=reference).status == TriageStatus.NEW
    assert AuditEvent.objects.filter(action="denied", actor_username=persona).exists()


def test_an_operator_of_another_hotline_does_not_see_the_report(client, hotline, people, login):
    from tests.conftest import make_user

    other = Organisation.objects.create(name="Other hotline", kind=OrganisationKind.HOTLINE)
    stranger = make_user("other_operator", other, "hotline_operator")
    reference = shown_reference(send(client, to=str(hotline.pk)))
    http = login(stranger)
    assert reference not in http.get("/hotline/").content.decode()
    assert http.get(f"/hotline/{reference}/").status_code == 404


def test_a_hotline_operator_without_a_second_factor_does_not_get_in(client, hotline, login):
    from tests.conftest import make_user

    reference = shown_reference(send(client))
    weak = make_user("weak_operator", hotline, "hotline_operator", mfa=False)
    response = login(weak).get(f"/hotline/{reference}/")
    assert response.status_code in (302, 404)
    assert SECRET_TEXT not in response.content.decode()


def test_the_anonymous_visitor_is_sent_to_sign_in(client, hotline):
    response = client.get("/hotline/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_operator_sets_the_triage_status_and_it_is_audited(client, hotline, people, login):
    reference = shown_reference(send(client))
    operator = login(people["hotline"])
    response = operator.post(f"/hotline/{reference}/", {"status": "referred"})
    assert response.status_code == 302
    report = AnonymousReport.objects.get(reference=reference)
    assert report.status == TriageStatus.REFERRED
    assert report.status_changed_at is not None
    event = AuditEvent.objects.get(action="update", object_ref=reference, actor_username="hotline")
    assert event.detail == {"status": ["new", "referred"]}
    assert reference in operator.get("/hotline/?status=referred").content.decode()
    assert reference not in operator.get("/hotline/?status=new").content.decode()


def test_triage_refuses_someone_who_is_not_the_hotlines_operator(client, hotline, people):
    from django.core.exceptions import PermissionDenied

    from atbalsts.portal.services import set_triage_status

    shown_reference(send(client))
    report = AnonymousReport.objects.get()
    with pytest.raises(PermissionDenied):
        set_triage_status(actor(people["sw"]), report, TriageStatus.CLOSED)


def test_a_filled_honeypot_stores_nothing(client, hotline):
    response = send(client, website="http://spam.example")
    assert response.status_code == 200
    assert not AnonymousReport.objects.exists()
    assert 'class="atb-reference"' not in response.content.decode()


def test_an_invalid_form_stores_nothing_and_says_what_to_fix(client, hotline):
    response = send(client, what_happened="", danger_now="")
    assert response.status_code == 200
    assert not AnonymousReport.objects.exists()
    assert "govuk-error-summary" in response.content.decode()


def test_the_rate_limit_stops_a_flood_from_one_address(client, hotline):
    limit, _window = ratelimit.LIMITS["report"]
    for _ in range(limit):
        assert send(client).status_code == 200
    response = send(client)
    assert response.status_code == 429
    assert "+371 67898343" in response.content.decode()
    assert AnonymousReport.objects.count() == limit
    # Another address is not affected.
    assert client.post("/lv/report/", form_data(), REMOTE_ADDR="198.51.100.1").status_code == 200


def test_free_text_is_ciphertext_in_the_raw_table(client, hotline):
    reference = shown_reference(send(client))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT what_happened, \"where\", safe_contact, safe_time FROM portal_anonymousreport WHERE reference = %s",
            [reference],
        )
        row = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in row)
    assert SECRET_TEXT not in " ".join(row)


def test_no_address_or_its_hash_is_stored_anywhere_in_the_database(client, hotline):
    reference = shown_reference(send(client))
    client.post("/lv/report/add/", {"reference": reference, "text": "vēl kaut kas", "website": ""},
                REMOTE_ADDR=ADDRESS)
    needles = [ADDRESS, ADDRESS.replace(".", "")]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                for needle in needles:
                    assert needle not in text, table


def test_when_storing_fails_the_person_sees_the_hotline_numbers(client, hotline, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AnonymousReport.objects, "create", broken)
    response = send(client, language="en")
    assert response.status_code == 503
    body = response.content.decode()
    assert "Your message could not be sent" in body
    assert 'href="tel:+37167898343"' in body
    assert 'href="tel:112"' in body and 'href="tel:110"' in body
    # What they wrote is still in the form, so they can send it again.
    assert SECRET_TEXT in body
    assert not AnonymousReport.objects.exists()


def test_information_can_be_added_with_the_reference(client, hotline, people, login):
    reference = shown_reference(send(client))
    typed = f"{reference[:5].lower()} - {reference[5:].lower()}"
    response = client.post("/lv/report/add/", {"reference": typed, "text": "Viņi ir Liepājā", "website": ""},
                           REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    assert "Papildinājums saņemts" in response.content.decode()
    addition = ReportAddition.objects.get()
    assert addition.report.reference == reference
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM portal_reportaddition")
        assert cursor.fetchone()[0].startswith("enc1:")
    assert "Viņi ir Liepājā" in login(people["hotline"]).get(f"/hotline/{reference}/").content.decode()


def test_a_wrong_reference_is_refused_neutrally_and_counts_against_the_limit(client, hotline):
    shown_reference(send(client))
    limit, _window = ratelimit.LIMITS["reference"]
    for _ in range(limit):
        response = client.post("/en/report/add/", {"reference": "AAAAA-AAAAA", "text": "x", "website": ""},
                               REMOTE_ADDR=ADDRESS)
        assert response.status_code == 200
        assert "This could not be added" in response.content.decode()
    assert not ReportAddition.objects.exists()
    response = client.post("/en/report/add/", {"reference": "AAAAA-AAAAA", "text": "x", "website": ""},
                           REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429


def test_the_reference_is_ten_unambiguous_characters(client, hotline):
    reference = shown_reference(send(client))
    assert len(reference) == 10
    assert not set(reference) & set("01OIL5S8B")


def test_with_several_hotlines_the_visitor_may_choose_and_the_first_is_the_default(client, hotline):
    second = Organisation.objects.create(name="Second hotline", kind=OrganisationKind.HOTLINE)
    page = client.get(f"/lv/report/?to={second.pk}").content.decode()
    assert f'<option value="{second.pk}" selected>' in page
    send(client, to=str(second.pk))
    send(client, to="")
    assert AnonymousReport.objects.filter(organisation=second).count() == 1
    assert AnonymousReport.objects.filter(organisation=hotline).count() == 1


def test_without_any_hotline_the_form_gives_the_numbers_instead(client, db):
    body = client.get("/en/report/").content.decode()
    assert "<form" not in body
    assert 'href="tel:112"' in body
