"""The read-only rules page for staff."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from atbalsts.policy.models import CalendarOverride


@pytest.mark.django_db
def test_a_signed_in_user_without_a_second_factor_is_sent_to_set_it_up_first(client):
    user = get_user_model().objects.create_user(username="reader", password="a-long-test-password-1")
    client.force_login(user)
    response = client.get("/policy/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate" in response["Location"]


@pytest.mark.django_db
def test_staff_with_mfa_see_rule_sets_overrides_and_days_off(people, login):
    CalendarOverride.objects.create(
        date=date(2031, 1, 3), is_working_day=False, note="Ministru kabineta rīkojums"
    )
    response = login(people["sw"]).get("/policy/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cabinet Regulation No. 889" in html
    assert "Cabinet Regulation No. 344" in html
    assert "01.01.2007" in html
    assert "20.07.2019" in html
    assert "govuk-tag" in html
    assert "03.01.2031" in html
    assert "Ministru kabineta rīkojums" in html
    assert "style=" not in html.split("<main", 1)[-1]


@pytest.mark.django_db
def test_the_rules_page_needs_a_login(client):
    response = client.get("/policy/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_page_lists_an_override_in_the_coming_days(people, login):
    soon = timezone.localdate() + timedelta(days=10)
    CalendarOverride.objects.create(date=soon, is_working_day=soon.weekday() >= 5, note="test")
    html = login(people["sw"]).get("/policy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html.split("Holidays and transferred days", 1)[1]
    assert soon.strftime("%d.%m.%Y") in section
    assert "Calendar override" in section


@pytest.mark.django_db
def test_administrators_can_edit_calendar_overrides_in_the_admin(people, login):
    admin = people["sys_admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    http = login(admin)
    assert http.get("/admin/policy/calendaroverride/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    response = http.post(
        "/admin/policy/calendaroverride/add/",
        {"date": "2031-01-03", "is_working_day": "", "note": "Rīkojums"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarOverride.objects.get(date=date(2031, 1, 3)).is_working_day is False


def test_the_rules_page_shows_the_criteria_reading_as_an_unverified_default(people, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    page = http.get("/policy/").content.decode()
    assert "Reading of the recognition criteria" in page and "CL154.2-A2-2007" in page
    assert "act, means, purpose of exploitation; for a person who was a minor when the exploitation began: " \
           "act, purpose of exploitation" in page
    assert "Dates of events are accepted from 01.01.2007 up to 730 days ahead" in page


@pytest.mark.django_db
def test_the_rules_page_shows_the_publication_rules_of_the_statistics_as_our_defaults(people, login):
    response = login(people["statistician"]).get("/policy/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    section = html.split('id="publication"', 1)[1].split("</table>", 1)[0]
    assert "Smallest count published (smaller ones are suppressed; 0 is published)" in section
    assert "<td class=\"govuk-table__cell\">5</td>" in section
    assert "<td class=\"govuk-table__cell\">1,0</td>" in section
    assert "statistician" in section
    assert section.count("our default, not law") == 4
