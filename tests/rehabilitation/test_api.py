"""The API: the same service and access functions as the pages, in the OpenAPI schema."""

from __future__ import annotations

from atbalsts.rehabilitation import services
from atbalsts.rehabilitation.models import ServiceEntry

from .conftest import D


def test_the_endpoints_are_in_the_openapi_schema(people, login):
    schema = login(people["sw"]).get("/api/schema/").content.decode()
    for path in ("/api/rehabilitation/courses/{case_number}/", "/api/rehabilitation/courses/{case_number}/close/",
                 "/api/rehabilitation/courses/{case_number}/services/",
                 "/api/rehabilitation/courses/{case_number}/aftercare/",
                 "/api/rehabilitation/courses/{case_number}/summary/"):
        assert path in schema
    assert "COURSE_ENDED" in schema or "reason code" in schema


def test_the_case_team_reads_the_course_and_its_services(make_course, client_record, today, sw, sw_http):
    course = make_course(today - D(days=10))
    services.record_service(sw, course, {"kind": "consultation", "on": today, "specialist": "lawyer",
                                         "hours": "1.5", "mode": "in_person", "note": "N"})
    data = sw_http.get(f"/api/rehabilitation/courses/{client_record.case_number}/").json()
    assert data["start"] == course.start.isoformat() and data["days_used"] == 11 and data["days_left"] == 169
    assert data["end"] == (course.start + D(days=179)).isoformat() and data["state"] == "running"
    rows = sw_http.get(f"/api/rehabilitation/courses/{client_record.case_number}/services/").json()
    assert [(r["kind"], r["hours"], r["note"]) for r in rows] == [("consultation", "1.50", "N")]


def test_a_service_is_created_through_the_api(make_course, client_record, today, sw_http):
    make_course(today - D(days=10))
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/services/",
                     {"kind": "accompaniment", "on": today.isoformat(), "accompanied_to": "court", "hours": "3"},
                     content_type="application/json")
    assert r.status_code == 201 and ServiceEntry.objects.get().accompanied_to == "court"
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/services/",
                     {"kind": "accompaniment", "on": today.isoformat()}, content_type="application/json")
    assert r.status_code == 400 and "accompanied_to" in r.json()
    assert ServiceEntry.objects.count() == 1


def test_the_api_asks_for_a_login(make_course, client_record, today, client):
    make_course(today)
    assert client.get(f"/api/rehabilitation/courses/{client_record.case_number}/").status_code in (302, 403)


def test_every_page_of_the_course_opens_for_the_case_team_in_both_languages(make_course, client_record, today,
                                                                             child, people, login):
    from atbalsts.rehabilitation.forms import SERVICE_FIELDS

    make_course(today - D(days=20))
    pages = ["", "services/", "close/", "aftercare/", "aftercare/consultation/", "aftercare/support/",
             "aftercare/family/", "aftercare/proceedings/", *(f"services/add/{k}/" for k in SERVICE_FIELDS)]
    http = login(people["sw"])
    for language, word in (("lv", "Rehabilitācijas kurss"), ("en", "Rehabilitation course")):
        http.cookies["django_language"] = language
        for page in pages:
            r = http.get(f"/rehabilitation/{client_record.case_number}/{page}")
            assert r.status_code == 200, page
            html = r.content.decode()
            assert word in html and "style=" not in html and "<script>" not in html, page
