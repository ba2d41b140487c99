"""After the course: after-care consultations, criminal-proceedings support and family members'
consultations, each limit refused through the pages and the API with the calculator's message,
nothing saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from atbalsts.people.models import FamilyMember
from atbalsts.rehabilitation import services
from atbalsts.rehabilitation.models import AftercareEntry, ProceedingsSupport

from .conftest import D


def _d(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def ended(make_course, today):
    """A course that ended 100 days ago (started 279 days ago)."""
    return make_course(today - D(days=279))


def _consult(sw, course, on, role="psychologist"):
    return services.record_aftercare(sw, course, {"kind": "aftercare_consultation", "on": on, "specialist": role,
                                                  "hours": Decimal(1)})


def test_five_aftercare_consultations_then_the_sixth_is_refused(ended, client_record, today, sw, sw_http):
    for n in range(4):
        _consult(sw, ended, today - D(days=50 - n))
    url = f"/rehabilitation/{client_record.case_number}/aftercare/consultation/"
    r = sw_http.post(url, {"on": _d(today - D(days=1)), "specialist": "lawyer", "hours": "1"})
    assert r.status_code == 302
    r = sw_http.post(url, {"on": _d(today), "specialist": "social_worker", "hours": "1"})
    assert r.status_code == 400
    assert f"The 5 after-care consultations are used (last on {_d(today - D(days=1))})." in r.content.decode()
    assert AftercareEntry.objects.count() == 5
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/aftercare/",
                     {"kind": "aftercare_consultation", "on": today.isoformat(), "specialist": "lawyer"},
                     content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "AFTERCARE_USED_UP"
    assert AftercareEntry.objects.count() == 5


def test_an_aftercare_consultation_during_the_course_is_refused(make_course, client_record, today, sw_http):
    course = make_course(today - D(days=10))
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/aftercare/consultation/",
                     {"on": _d(today), "specialist": "lawyer", "hours": "1"})
    assert r.status_code == 400
    assert f"the course lasts until {_d(course.start + D(days=179))}" in r.content.decode()
    assert not AftercareEntry.objects.exists()


def test_a_consultation_after_the_two_year_window_is_refused(make_course, client_record, today, sw_http):
    course = make_course(today - D(days=179 + 2 * 366 + 10))
    end = course.start + D(days=179)
    window_end = end.replace(year=end.year + 2)
    assert window_end < today
    url = f"/rehabilitation/{client_record.case_number}/aftercare/consultation/"
    r = sw_http.post(url, {"on": _d(window_end + D(days=1)), "specialist": "lawyer", "hours": "1"})
    assert r.status_code == 400
    assert f"After-care consultations were available for 2 years after the course, until {_d(window_end)}." in (
        r.content.decode())
    assert not AftercareEntry.objects.exists()
    r = sw_http.post(url, {"on": _d(window_end), "specialist": "lawyer", "hours": "1"})
    assert r.status_code == 302 and AftercareEntry.objects.count() == 1


def test_a_consultation_longer_than_an_hour_is_refused(ended, client_record, today, sw_http):
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/aftercare/consultation/",
                     {"on": _d(today), "specialist": "lawyer", "hours": "1.5"})
    assert r.status_code == 400 and "lasts at most 1 h" in r.content.decode()
    assert not AftercareEntry.objects.exists()


@pytest.fixture
def support(ended, sw, today):
    return services.record_proceedings_support(sw, ended, {
        "document_kind": "statement", "document_number": "11816000123", "document_date": today - D(days=60),
        "issuing_body": "Valsts policija", "start": today - D(days=60), "legal_aid": False})


def test_proceedings_support_is_recorded_through_the_page_with_its_document(ended, client_record, today, sw_http):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.files import PDF

    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/aftercare/proceedings/", {
        "document_kind": "decision", "document_number": "KP-1", "document_date": _d(today - D(days=3)),
        "issuing_body": "Prokuratūra", "start": _d(today - D(days=2)), "legal_aid": "on",
        "document": SimpleUploadedFile("l.pdf", PDF, content_type="application/pdf")})
    assert r.status_code == 302
    support = ProceedingsSupport.objects.get()
    assert support.legal_aid and support.has_document and support.start == today - D(days=2)
    r = sw_http.get(f"/rehabilitation/{client_record.case_number}/aftercare/proceedings/document/")
    assert r.content == PDF


def test_proceedings_support_needs_its_document_details(ended, client_record, sw_http):
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/aftercare/proceedings/", {"document_kind": ""})
    assert r.status_code == 400 and not ProceedingsSupport.objects.exists()


def test_the_hour_that_would_make_150_5_in_a_support_year_is_refused(support, client_record, today, sw, sw_http):
    for n in range(6):  # 6 days of 24 hours, then 5.5 hours: 149.5
        services.record_aftercare(sw, support.course, {"kind": "proceedings_support", "on": today - D(days=30 - n),
                                                       "support_kind": "court_representation", "hours": Decimal(24)})
    services.record_aftercare(sw, support.course, {"kind": "proceedings_support", "on": today - D(days=20),
                                                   "support_kind": "lawyer_consultation", "hours": Decimal("5.5")})
    url = f"/rehabilitation/{client_record.case_number}/aftercare/support/"
    r = sw_http.post(url, {"on": _d(today), "support_kind": "interpreter", "hours": "1"})
    assert r.status_code == 400
    assert "149.5 of 150 hours are used; 0.5 h left, 1 h requested." in r.content.decode()
    assert AftercareEntry.objects.count() == 7
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/aftercare/",
                     {"kind": "proceedings_support", "on": today.isoformat(), "support_kind": "interpreter",
                      "hours": "1.00"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "SUPPORT_HOURS_EXCEEDED"
    r = sw_http.post(url, {"on": _d(today), "support_kind": "interpreter", "hours": "0.5"})
    assert r.status_code == 302 and AftercareEntry.objects.count() == 8


def test_with_proceedings_support_after_care_consultations_do_not_apply(support, client_record, today, sw_http):
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/aftercare/consultation/",
                     {"on": _d(today), "specialist": "lawyer", "hours": "1"})
    assert r.status_code == 400 and "record this as criminal-proceedings support" in r.content.decode()


def test_a_lawyer_consultation_under_state_legal_aid_is_refused(support, client_record, today, sw_http):
    support.legal_aid = True
    support.save()
    url = f"/rehabilitation/{client_record.case_number}/aftercare/support/"
    # The page does not offer what the rules refuse; posted anyway, it is refused.
    page = sw_http.get(url).content.decode()
    assert 'value="psychologist_consultation"' in page and 'value="lawyer_consultation"' not in page
    r = sw_http.post(url, {"on": _d(today), "support_kind": "lawyer_consultation", "hours": "2"})
    assert r.status_code == 400
    assert not AftercareEntry.objects.exists()
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/aftercare/",
                     {"kind": "proceedings_support", "on": today.isoformat(),
                      "support_kind": "lawyer_consultation", "hours": "2"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "KIND_NOT_ALLOWED_WITH_LEGAL_AID"
    assert "The person gets state-ensured legal aid, so the support covers only" in r.json()["detail"]
    r = sw_http.post(url, {"on": _d(today), "support_kind": "psychologist_consultation", "hours": "2"})
    assert r.status_code == 302 and AftercareEntry.objects.count() == 1


def test_the_sixth_family_consultation_for_one_member_is_refused(ended, child, client_record, today, sw, sw_http):
    for n in range(5):
        services.record_aftercare(sw, ended, {"kind": "family_consultation", "on": today - D(days=10 - n),
                                              "family_member": child})
    url = f"/rehabilitation/{client_record.case_number}/aftercare/family/"
    r = sw_http.post(url, {"on": _d(today), "family_member": str(child.pk), "hours": "1"})
    assert r.status_code == 400
    assert "The 5 consultations for this family member are used" in r.content.decode()
    assert AftercareEntry.objects.count() == 5
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/aftercare/",
                     {"kind": "family_consultation", "on": today.isoformat(), "family_member": child.pk},
                     content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "FAMILY_CONSULTATIONS_USED_UP"
    # Another eligible member has their own five.
    sister = FamilyMember.objects.create(client=client_record, relation="child", given_names="Ella",
                                         birth_date=today.replace(year=today.year - 12), lives_in_latvia=True)
    r = sw_http.post(url, {"on": _d(today), "family_member": str(sister.pk), "hours": "1"})
    assert r.status_code == 302 and AftercareEntry.objects.count() == 6


@pytest.mark.parametrize("who", ["adult", "abroad"])
def test_a_family_consultation_for_an_ineligible_member_is_refused(ended, client_record, today, sw_http, who):
    member = FamilyMember.objects.create(
        client=client_record, relation="sibling", given_names="Jānis",
        birth_date=today.replace(year=today.year - (30 if who == "adult" else 10)),
        lives_in_latvia=(who != "abroad"))
    url = f"/rehabilitation/{client_record.case_number}/aftercare/family/"
    assert f'<option value="{member.pk}"' not in sw_http.get(url).content.decode()
    r = sw_http.post(url, {"on": _d(today), "family_member": str(member.pk), "hours": "1"})
    assert r.status_code == 400
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/aftercare/",
                     {"kind": "family_consultation", "on": today.isoformat(), "family_member": member.pk},
                     content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "FAMILY_MEMBER_NOT_ELIGIBLE"
    assert "only for the victim's minor family members staying in Latvia" in r.json()["detail"]
    assert not AftercareEntry.objects.exists()


def test_a_family_member_of_another_client_cannot_be_chosen_in_the_api(ended, client_record, today, sw_http, people):
    from atbalsts.people.services import create_client
    from tests.conftest import actor

    other = create_client(actor(people["sw"]), {"given_names": "Cita", "surname": "Persona"})
    member = FamilyMember.objects.create(client=other, relation="child", given_names="X",
                                         birth_date=today.replace(year=today.year - 5))
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/aftercare/",
                     {"kind": "family_consultation", "on": today.isoformat(), "family_member": member.pk},
                     content_type="application/json")
    assert r.status_code == 400 and not AftercareEntry.objects.exists()


def test_the_aftercare_page_shows_used_left_and_until_for_every_entitlement(ended, child, client_record, today,
                                                                            sw, sw_http):
    _consult(sw, ended, today - D(days=3))
    services.record_aftercare(sw, ended, {"kind": "family_consultation", "on": today, "family_member": child})
    page = sw_http.get(f"/rehabilitation/{client_record.case_number}/aftercare/").content.decode()
    end = ended.start + D(days=179)
    assert f"1 of 5 used; available until {_d(end.replace(year=end.year + 2))}." in page
    assert "Anna Bērziņa: 1 of 5 used" in page
    summary = sw_http.get(f"/api/rehabilitation/courses/{client_record.case_number}/summary/").json()
    assert summary["aftercare_used"] == 1 and summary["aftercare_left"] == 4
    assert summary["family"] == [{"member": child.pk, "eligible": True, "used": 1, "left": 4}]
    assert summary["course_days_used"] == 180 and summary["course_days_left"] == 0


def test_help_cannot_be_recorded_in_advance(ended, client_record, today, sw_http):
    r = sw_http.post(f"/rehabilitation/{client_record.case_number}/aftercare/consultation/",
                     {"on": _d(today + D(days=1)), "specialist": "lawyer", "hours": "1"})
    assert r.status_code == 400 and not AftercareEntry.objects.exists()
