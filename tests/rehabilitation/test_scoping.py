"""Who sees a course: the provider's case team; another organisation only what an active consent
names (course status vs. summary of services), each showing a disclosure citing the consent."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atbalsts.audit.models import AuditEvent
from atbalsts.people.models import Consent
from atbalsts.rehabilitation import services

from .conftest import D

PAGES = ["", "services/", "services/add/consultation/", "close/", "aftercare/", "aftercare/consultation/",
         "aftercare/support/", "aftercare/family/", "aftercare/proceedings/"]
API = ["", "services/", "aftercare/", "summary/"]


@pytest.fixture
def course(make_course, today, sw):
    c = make_course(today - D(days=20))
    services.record_service(sw, c, {"kind": "consultation", "on": today - D(days=2), "specialist": "lawyer",
                                    "hours": "2", "mode": "remote", "note": "Slepena piezīme"})
    services.record_service(sw, c, {"kind": "shelter", "on": today - D(days=1), "nights": 5,
                                    "accommodation": "own"})
    return c


@pytest.mark.parametrize("persona", ["outsider", "psy", "municipal", "police", "siva", "statistician",
                                     "org_admin"])
def test_everyone_but_the_case_team_gets_404(course, client_record, people, login, persona):
    http = login(people[persona])
    for page in PAGES:
        r = http.get(f"/rehabilitation/{client_record.case_number}/{page}")
        assert r.status_code == 404, (persona, page)
    for path in API:
        r = http.get(f"/api/rehabilitation/courses/{client_record.case_number}/{path}")
        assert r.status_code in (403, 404), (persona, path)


def test_an_outsider_cannot_write_either(course, client_record, people, login, today):
    http = login(people["outsider"])
    r = http.post(f"/rehabilitation/{client_record.case_number}/services/add/consultation/",
                  {"on": today.strftime("%d.%m.%Y"), "specialist": "lawyer", "hours": "1", "mode": "remote"})
    assert r.status_code == 404
    r = http.post(f"/api/rehabilitation/courses/{client_record.case_number}/close/",
                  {"closure_reason": "other", "closing_summary": "x"}, content_type="application/json")
    assert r.status_code == 404
    course.refresh_from_db()
    assert course.entries.count() == 2 and course.actual_end is None


def test_a_refused_read_is_audited(course, client_record, people, login):
    login(people["outsider"]).get(f"/rehabilitation/{client_record.case_number}/")
    assert AuditEvent.objects.filter(action="denied", object_type="rehabilitation_course",
                                     object_ref=client_record.case_number).exists()


def test_the_case_team_read_is_audited(course, client_record, sw_http):
    sw_http.get(f"/rehabilitation/{client_record.case_number}/services/")
    assert AuditEvent.objects.filter(action="read", object_type="rehabilitation_course",
                                     object_ref=course.reference).exists()
    assert AuditEvent.objects.filter(action="list", object_type="course_service").exists()


def _consent(client, recipient, recorded_by, categories, **fields):
    return Consent.objects.create(client=client, recipient=recipient, categories=categories, purpose="Sadarbība",
                                  valid_from=timezone.localdate() - datetime.timedelta(days=1),
                                  method="in_person", recorded_by=recorded_by, **fields)


def _shared(people, login, client_record):
    http = login(people["municipal"])
    http.cookies["django_language"] = "en"
    return http.get(f"/rehabilitation/{client_record.case_number}/shared/")


def test_without_consent_the_municipality_gets_404(course, client_record, people, login):
    assert _shared(people, login, client_record).status_code == 404


def test_a_course_consent_shows_only_the_course_status(course, client_record, people, orgs, login):
    consent = _consent(client_record, orgs["municipal"], people["sw"], ["course"])
    r = _shared(people, login, client_record)
    page = r.content.decode()
    assert r.status_code == 200
    assert "Course status and dates" in page and course.start.strftime("%d.%m.%Y") in page
    assert "Summary of services received" not in page and "Shelter" not in page
    assert "Slepena piezīme" not in page and "Līga" not in page
    event = AuditEvent.objects.get(action="disclose")
    assert event.detail["consent"] == consent.pk and event.detail["category"] == "course"


def test_a_services_consent_shows_only_the_summary_of_services(course, client_record, people, orgs, login):
    consent = _consent(client_record, orgs["municipal"], people["sw"], ["services"])
    page = _shared(people, login, client_record).content.decode()
    assert "Summary of services received" in page and "Safe shelter and accommodation" in page
    assert "Course status and dates" not in page
    assert "Slepena piezīme" not in page and "Līga" not in page
    event = AuditEvent.objects.get(action="disclose")
    assert event.detail["consent"] == consent.pk and event.detail["category"] == "services"


def test_a_consent_for_another_category_is_not_enough(course, client_record, people, orgs, login):
    _consent(client_record, orgs["municipal"], people["sw"], ["identity", "contact"])
    assert _shared(people, login, client_record).status_code == 404


def test_a_withdrawn_consent_stops_at_once(course, client_record, people, orgs, login):
    consent = _consent(client_record, orgs["municipal"], people["sw"], ["course", "services"])
    assert _shared(people, login, client_record).status_code == 200
    assert AuditEvent.objects.filter(action="disclose").count() == 2
    consent.withdrawn_at = timezone.now()
    consent.save()
    assert _shared(people, login, client_record).status_code == 404
    assert AuditEvent.objects.filter(action="disclose").count() == 2


def test_an_expired_consent_does_not_count(course, client_record, people, orgs, login):
    _consent(client_record, orgs["municipal"], people["sw"], ["course"],
             valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert _shared(people, login, client_record).status_code == 404


def test_a_consent_for_another_organisation_does_not_open_it(course, client_record, people, orgs, login):
    _consent(client_record, orgs["provider_b"], people["sw"], ["course"])
    assert _shared(people, login, client_record).status_code == 404


def test_the_access_functions_answer_per_category(course, client_record, people, orgs):
    from django.http import Http404

    from atbalsts.rehabilitation.access import course_status_shared, service_summary_shared
    from tests.conftest import actor

    municipal = actor(people["municipal"])
    _consent(client_record, orgs["municipal"], people["sw"], ["services"])
    assert service_summary_shared(municipal, client_record.case_number) == course
    with pytest.raises(Http404):
        course_status_shared(municipal, client_record.case_number)
    assert AuditEvent.objects.filter(action="denied", object_ref=client_record.case_number).exists()
