"""The course: opened by SIVA's grant, its status on every page of the case, warnings, early
closure, and every course service outside the course refused with the calculator's message."""

from __future__ import annotations

import datetime

import pytest

from atbalsts.audit.models import AuditEvent
from atbalsts.decisions import services as decision_services
from atbalsts.decisions.models import Outcome, Signatory
from atbalsts.rehabilitation.models import Course, ServiceEntry
from tests.conftest import actor
from tests.identification.flow import recognised_case

from .conftest import D


def _d(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _consultation(on: datetime.date) -> dict:
    return {"on": _d(on), "specialist": "psychologist", "hours": "1", "mode": "in_person"}


def test_sivas_grant_opens_the_course_in_the_same_transaction(people, orgs, client_record, today, sw_http):
    case = recognised_case(people, orgs, client_record)
    sw = actor(people["sw"])
    app = decision_services.submit_application(sw, case, {
        "ground": case.grounds.get(), "signatory": Signatory.PERSON, "signatory_name": "Līga Bērziņa",
        "signed_on": today, "received_on": today})
    start = today + D(days=3)
    decision = decision_services.decide_application(actor(people["siva"]), app,
                                                    {"outcome": Outcome.GRANT, "service_start": start})
    course = Course.objects.get(decision=decision)
    assert (course.client, course.organisation, course.start) == (client_record, orgs["provider_a"], start)
    assert AuditEvent.objects.filter(action="create", object_type="rehabilitation_course",
                                     object_ref=course.reference).exists()
    page = sw_http.get(f"/rehabilitation/{client_record.case_number}/").content.decode()
    assert _d(start) in page and _d(start + D(days=179)) in page


def test_a_queue_decision_opens_no_course(people, orgs, client_record, today):
    case = recognised_case(people, orgs, client_record)
    app = decision_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": Signatory.PERSON, "signatory_name": "Līga Bērziņa",
        "signed_on": today, "received_on": today})
    decision_services.decide_application(actor(people["siva"]), app, {"outcome": Outcome.QUEUE})
    assert not Course.objects.exists()


def test_the_status_line_is_on_the_client_page_and_the_identification_page(
        make_course, client_record, today, sw_http, sw):
    from atbalsts.identification import services as id_services

    make_course(today - D(days=9))
    case = id_services.open_case(sw, client_record)
    for url in (f"/clients/{client_record.case_number}/", f"/identification/{case.pk}/",
                f"/rehabilitation/{client_record.case_number}/services/", f"/plans/{client_record.case_number}/"):
        page = sw_http.get(url).content.decode()
        assert "day 10 of 180, 170 days left" in page, url


def test_no_status_line_without_a_course(client_record, sw_http):
    page = sw_http.get(f"/clients/{client_record.case_number}/").content.decode()
    assert "atb-course-status" not in page


@pytest.mark.parametrize(("left", "level"), [(31, None), (30, 30), (25, 30), (14, 14), (12, 14), (7, 7), (5, 7),
                                             (0, 7)])
def test_warnings_start_at_the_policy_thresholds(make_course, client_record, today, sw_http, left, level):
    make_course(today - D(days=179 - left))
    page = sw_http.get(f"/rehabilitation/{client_record.case_number}/").content.decode()
    assert f"{left} days left" in page
    if level is None:
        assert "ends within" not in page
    else:
        assert f"ends within {level} days" in page
    assert ("govuk-tag--red" in page) == (level == 7)


def test_a_service_on_each_day_of_the_course_is_recorded(make_course, client_record, today, sw_http):
    course = make_course(today - D(days=179))
    for day in (course.start, today):
        r = sw_http.post(f"/rehabilitation/{client_record.case_number}/services/add/consultation/",
                         _consultation(day))
        assert r.status_code == 302
    assert ServiceEntry.objects.filter(course=course).count() == 2


def test_the_181st_day_is_refused_on_the_page_and_nothing_is_saved(make_course, client_record, today, sw_http):
    course = make_course(today - D(days=200))
    day_181 = course.start + D(days=180)
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/services/add/consultation/",
                     _consultation(day_181))
    assert r.status_code == 400
    page = r.content.decode()
    assert f"The 180-day course ended on {_d(course.start + D(days=179))}" in page
    assert "consultations after that count as after-care (0 of 5 used)" in page
    assert not ServiceEntry.objects.exists()


def test_the_181st_day_is_refused_by_the_api_with_the_reason_code(make_course, client_record, today, sw_http):
    course = make_course(today - D(days=200))
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/services/",
                     {"kind": "consultation", "on": (course.start + D(days=180)).isoformat(),
                      "specialist": "lawyer", "hours": "1", "mode": "remote"}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "COURSE_ENDED"
    assert "The 180-day course ended on" in r.json()["detail"]
    assert not ServiceEntry.objects.exists()


def test_the_message_is_in_latvian_for_a_latvian_user(make_course, client_record, today, people, login):
    course = make_course(today - D(days=200))
    http = login(people["sw"])
    http.cookies["django_language"] = "lv"
    r = http.post(f"/rehabilitation/{client_record.case_number}/services/add/consultation/",
                  _consultation(course.start + D(days=180)))
    assert "180 dienu kurss beidzās" in r.content.decode()


def test_a_service_before_the_start_is_refused(make_course, client_record, today, sw_http):
    course = make_course(today - D(days=5))
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/services/add/consultation/",
                     _consultation(course.start - D(days=1)))
    assert r.status_code == 400 and f"The course starts on {_d(course.start)}" in r.content.decode()
    assert not ServiceEntry.objects.exists()


def test_closing_early_needs_a_reason_and_a_summary_and_ends_the_course(make_course, client_record, today, sw_http):
    course = make_course(today - D(days=60))
    url = f"/rehabilitation/{client_record.case_number}/close/"
    r = sw_http.post(url, {"actual_end": _d(today - D(days=2)), "closure_reason": "", "closing_summary": ""})
    assert r.status_code == 400
    course.refresh_from_db()
    assert course.actual_end is None
    r = sw_http.post(url, {"actual_end": _d(today - D(days=2)), "closure_reason": "goals_reached",
                           "closing_summary": "Mērķi sasniegti."})
    assert r.status_code == 302
    course.refresh_from_db()
    assert course.actual_end == today - D(days=2) and course.closure_reason == "goals_reached"
    assert course.closing_summary == "Mērķi sasniegti."
    page = sw_http.get(f"/rehabilitation/{client_record.case_number}/").content.decode()
    assert "closed early" in page and "Mērķi sasniegti." in page


def test_the_closing_summary_is_encrypted_at_rest(make_course, today, sw):
    from django.db import connection

    from atbalsts.rehabilitation import services

    course = services.close_course(sw, make_course(today - D(days=10)),
                                   {"actual_end": today, "closure_reason": "withdrew",
                                    "closing_summary": "Slepens kopsavilkums"})
    with connection.cursor() as cur:
        cur.execute("SELECT closing_summary FROM rehabilitation_course WHERE id = %s", [course.pk])
        stored = cur.fetchone()[0]
    assert "Slepens" not in stored


def test_a_course_service_after_early_closure_is_refused_on_the_page_and_in_the_api(
        make_course, client_record, today, sw_http, sw):
    from atbalsts.rehabilitation import services

    course = services.close_course(sw, make_course(today - D(days=60)),
                                   {"actual_end": today - D(days=5), "closure_reason": "moved_abroad",
                                    "closing_summary": "Pārcēlās."})
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/services/add/consultation/",
                     _consultation(today - D(days=4)))
    assert r.status_code == 400
    assert f"The course was closed on {_d(course.actual_end)}" in r.content.decode()
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/services/",
                     {"kind": "goods", "on": today.isoformat(), "goods_category": "food", "amount_eur": "5"},
                     content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "COURSE_ENDED"
    assert not ServiceEntry.objects.exists()


def test_a_course_cannot_close_before_a_recorded_service(make_course, today, sw):
    from django.core.exceptions import ValidationError

    from atbalsts.rehabilitation import services

    course = make_course(today - D(days=30))
    services.record_service(sw, course, {"kind": "training", "on": today - D(days=3), "training_step": "course"})
    with pytest.raises(ValidationError):
        services.close_course(sw, course, {"actual_end": today - D(days=4), "closure_reason": "other",
                                           "closing_summary": "x"})
    course.refresh_from_db()
    assert course.actual_end is None


def test_the_api_closes_the_course(make_course, client_record, today, sw_http):
    make_course(today - D(days=30))
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/close/",
                     {"closure_reason": "died", "closing_summary": "—"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "closed_early" and r.json()["actual_end"] == today.isoformat()


def test_each_kind_of_service_says_what_it_needs(make_course, client_record, today, sw_http):
    make_course(today - D(days=30))
    base = f"/rehabilitation/{client_record.case_number}/services/add/"
    r = sw_http.post(base + "shelter/", {"on": _d(today), "nights": "0", "accommodation": "partner"})
    page = r.content.decode()
    assert r.status_code == 400 and "Give the number of nights." in page
    assert "Name the partner that provides the accommodation." in page
    r = sw_http.post(base + "shelter/", {"on": _d(today), "nights": "3", "children_nights": "3",
                                         "accommodation": "partner", "partner_name": "Drošā māja"})
    assert r.status_code == 302
    r = sw_http.post(base + "documents/", {"on": _d(today), "document_type": "passport"})
    assert r.status_code == 400
    assert sw_http.get(base + "nonsense/").status_code == 404
    assert ServiceEntry.objects.count() == 1


def test_a_receipt_is_checked_stored_encrypted_and_downloaded_by_the_team(make_course, client_record, today,
                                                                          sw_http):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_course(today - D(days=30))
    base = f"/rehabilitation/{client_record.case_number}/services/add/goods/"
    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    r = sw_http.post(base, {"on": _d(today), "goods_category": "food", "amount_eur": "12.50", "receipt": bad})
    assert r.status_code == 400 and not ServiceEntry.objects.exists()
    from tests.files import PDF

    pdf = SimpleUploadedFile("ceks.pdf", PDF, content_type="application/pdf")
    r = sw_http.post(base, {"on": _d(today), "goods_category": "food", "amount_eur": "12.50", "receipt": pdf})
    assert r.status_code == 302
    entry = ServiceEntry.objects.get()
    r = sw_http.get(f"/rehabilitation/{client_record.case_number}/services/{entry.pk}/receipt/")
    assert r.status_code == 200 and r.content == PDF
    assert AuditEvent.objects.filter(action="export", object_type="course_service_receipt").exists()


def _granted(people, orgs, client_record, today, start):
    case = recognised_case(people, orgs, client_record)
    app = decision_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": Signatory.PERSON, "signatory_name": "Līga Bērziņa",
        "signed_on": today, "received_on": today})
    return decision_services.decide_application(actor(people["siva"]), app,
                                                {"outcome": Outcome.GRANT, "service_start": start})


def test_a_grant_corrected_into_a_refusal_closes_the_course_that_has_begun(people, orgs, client_record, today,
                                                                          sw_http):
    grant = _granted(people, orgs, client_record, today, today - D(days=5))
    course = Course.objects.get(decision=grant)
    response = sw_http.post(f"/rehabilitation/{client_record.case_number}/services/add/consultation/",
                            _consultation(today - D(days=1)))
    assert response.status_code == 302 and course.entries.count() == 1
    decision_services.correct_decision(actor(people["siva"]), grant, {
        "outcome": Outcome.REFUSE, "refusal_reason": "not_eligible", "refusal_text": "Kļūda."})
    course.refresh_from_db()
    assert (course.actual_end, course.closure_reason) == (today, "decision_changed")
    assert AuditEvent.objects.filter(action="update", object_type="rehabilitation_course",
                                     object_ref=course.reference, detail__reason="decision_changed").exists()
    # Nothing can be recorded after the new decision.
    sw_http.post(f"/rehabilitation/{client_record.case_number}/services/add/consultation/",
                 _consultation(today + D(days=1)))
    assert course.entries.count() == 1


def test_a_grant_corrected_before_the_course_began_removes_the_empty_course(people, orgs, client_record, today):
    grant = _granted(people, orgs, client_record, today, today + D(days=10))
    assert Course.objects.filter(decision=grant).exists()
    decision_services.correct_decision(actor(people["siva"]), grant, {"outcome": Outcome.QUEUE})
    assert not Course.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="rehabilitation_course").exists()


@pytest.mark.parametrize("path, data", [
    ("services/add/consultation/", {"specialist": "psychologist", "hours": "1", "mode": "in_person"}),
    ("aftercare/consultation/", {"specialist": "psychologist", "hours": "1"}),
])
def test_a_date_before_any_rules_is_refused_with_a_message_and_nothing_saved(
        make_course, client_record, today, sw_http, path, data):
    from atbalsts.rehabilitation.models import AftercareEntry

    make_course(today - D(days=9))
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/{path}", {**data, "on": "01.01.1990"})
    assert r.status_code == 400
    assert "Give a date on or after 01.01.2007." in r.content.decode()
    assert not ServiceEntry.objects.exists() and not AftercareEntry.objects.exists()
