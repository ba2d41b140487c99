"""After-care and criminal-proceedings support at their boundaries (issue 9.4): support only after
the course, after-care judged by the support period's dates, the closures that open after-care,
interpreting under legal aid, the family consultations' window, length and readings, the upper
bound of every number, and forms that offer exactly what the rules accept. Each through the
pages and the API, the last allowed and the first refused value, nothing saved when refused."""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from atbalsts.people.models import FamilyMember
from atbalsts.policy import entitlements as ent
from atbalsts.policy.entitlements import add_years
from atbalsts.policy.rules import MK344, ruleset_on
from atbalsts.rehabilitation import ledger, services
from atbalsts.rehabilitation.models import AftercareEntry, ServiceEntry

from .conftest import D


def _d(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _api(http, case_number, data):
    return http.post(f"/api/rehabilitation/courses/{case_number}/aftercare/", data, content_type="application/json")


def _options(page: str, name: str) -> list[str]:
    """The codes a form's select offers (the empty choice left out)."""
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select, name
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group(0)) if v]


def _support(sw, course, start, legal_aid=False):
    return services.record_proceedings_support(sw, course, {
        "document_kind": "statement", "document_number": "11816000123", "document_date": start,
        "issuing_body": "Valsts policija", "start": start, "legal_aid": legal_aid})


# --- criminal-proceedings support comes after the course ----------------------------------------


def test_support_hours_on_the_courses_last_day_are_refused_and_the_next_day_accepted(make_course, client_record,
                                                                                      today, sw, sw_http):
    course = make_course(today - D(days=279))  # the last day is 100 days ago
    last = course.start + D(days=179)
    _support(sw, course, today - D(days=150))  # the statement came during the course
    url = f"/rehabilitation/{client_record.case_number}/aftercare/support/"
    r = sw_http.post(url, {"on": _d(last), "support_kind": "lawyer_consultation", "hours": "2"})
    assert r.status_code == 400
    assert f"comes in addition, after the course ends; the course lasts until {_d(last)}" in r.content.decode()
    r = _api(sw_http, client_record.case_number, {"kind": "proceedings_support", "on": last.isoformat(),
                                                  "support_kind": "lawyer_consultation", "hours": "2"})
    assert r.status_code == 400 and r.json()["code"] == "SUPPORT_DURING_COURSE"
    assert not AftercareEntry.objects.exists()
    r = sw_http.post(url, {"on": _d(last + D(days=1)), "support_kind": "lawyer_consultation", "hours": "2"})
    assert r.status_code == 302 and AftercareEntry.objects.count() == 1
    # The support period counts from the day after the course, not from the recorded start.
    summary = sw_http.get(f"/api/rehabilitation/courses/{client_record.case_number}/summary/").json()
    assert summary["proceedings_support_start"] == (last + D(days=1)).isoformat()
    assert summary["support_period_end"] == (add_years(last + D(days=1), 3) - D(days=1)).isoformat()
    page = sw_http.get(f"/rehabilitation/{client_record.case_number}/aftercare/").content.decode()
    assert "the support comes in addition, after the course ends" in page


def test_support_hours_during_an_open_course_are_refused(make_course, client_record, today, sw, sw_http):
    course = make_course(today - D(days=20))
    _support(sw, course, today - D(days=10))
    r = _api(sw_http, client_record.case_number, {"kind": "proceedings_support", "on": today.isoformat(),
                                                  "support_kind": "psychologist_consultation", "hours": "1"})
    assert r.status_code == 400 and r.json()["code"] == "SUPPORT_DURING_COURSE"
    assert not AftercareEntry.objects.exists()


# --- after-care and proceedings support by date ----------------------------------------------------


def test_after_care_is_refused_only_on_the_days_the_support_period_covers(make_course, client_record, today, sw,
                                                                          sw_http):
    course = make_course(today - D(days=279))  # ended 100 days ago
    _support(sw, course, today - D(days=10))
    url = f"/rehabilitation/{client_record.case_number}/aftercare/consultation/"
    r = sw_http.post(url, {"on": _d(today - D(days=10)), "specialist": "lawyer", "hours": "1"})
    assert r.status_code == 400 and "the person receives criminal-proceedings support" in r.content.decode()
    r = _api(sw_http, client_record.case_number, {"kind": "aftercare_consultation", "specialist": "lawyer",
                                                  "on": (today - D(days=10)).isoformat()})
    assert r.status_code == 400 and r.json()["code"] == "AFTERCARE_NOT_AVAILABLE_WITH_PROCEEDINGS_SUPPORT"
    assert not AftercareEntry.objects.exists()
    # The day before the support starts is still after-care's.
    r = sw_http.post(url, {"on": _d(today - D(days=11)), "specialist": "lawyer", "hours": "1"})
    assert r.status_code == 302 and AftercareEntry.objects.count() == 1


def test_a_support_period_may_not_cover_an_after_care_consultation_already_recorded(make_course, client_record,
                                                                                    today, sw, sw_http):
    course = make_course(today - D(days=279))
    services.record_aftercare(sw, course, {"kind": "aftercare_consultation", "on": today - D(days=5),
                                           "specialist": "psychologist", "hours": Decimal(1)})
    url = f"/rehabilitation/{client_record.case_number}/aftercare/proceedings/"
    data = {"document_kind": "decision", "document_number": "KP-1", "document_date": _d(today - D(days=30)),
            "issuing_body": "Prokuratūra"}
    r = sw_http.post(url, {**data, "start": _d(today - D(days=5))})
    assert r.status_code == 400 and f"An after-care consultation is recorded on {_d(today - D(days=5))}" in (
        r.content.decode())
    assert not course.__class__.objects.get(pk=course.pk).aftercare.filter(kind="proceedings_support").exists()
    r = sw_http.post(url, {**data, "start": _d(today - D(days=4))})
    assert r.status_code == 302


# --- which closures open after-care ---------------------------------------------------------------


@pytest.mark.parametrize("reason", ["goals_reached", "withdrew", "moved_abroad", "died", "decision_changed", "other"])
def test_after_care_opens_after_the_closures_the_rules_list(make_course, client_record, today, sw, sw_http, reason):
    course = make_course(today - D(days=100), actual_end=today - D(days=50), closure_reason=reason,
                         closing_summary="x")
    r = _api(sw_http, client_record.case_number, {"kind": "aftercare_consultation", "specialist": "lawyer",
                                                  "on": (today - D(days=49)).isoformat()})
    opens = reason in ruleset_on(today).aftercare_opening_closures
    assert opens is (reason not in ("died", "decision_changed"))
    if opens:
        assert r.status_code == 201
    else:
        assert r.status_code == 400 and r.json()["code"] == "CLOSURE_ENDS_AFTERCARE"
        _support(sw, course, today - D(days=40))
        r = _api(sw_http, client_record.case_number, {"kind": "proceedings_support", "on": today.isoformat(),
                                                      "support_kind": "lawyer_consultation", "hours": "1"})
        assert r.status_code == 400 and r.json()["code"] == "CLOSURE_ENDS_AFTERCARE"
        page = sw_http.get(f"/rehabilitation/{client_record.case_number}/aftercare/").content.decode()
        assert 'id="phase3-closed"' in page and "Record an after-care consultation" not in page
    assert AftercareEntry.objects.count() == (1 if opens else 0)


# --- legal aid: interpreting only within a consultation --------------------------------------------


def test_under_legal_aid_interpreting_is_refused_alone_and_accepted_within_a_consultation(make_course, client_record,
                                                                                          today, sw, sw_http):
    course = make_course(today - D(days=279))
    _support(sw, course, today - D(days=60), legal_aid=True)
    url = f"/rehabilitation/{client_record.case_number}/aftercare/support/"
    page = sw_http.get(url).content.decode()
    assert set(_options(page, "support_kind")) == set(MK344.legal_aid_allowed_kinds)
    r = _api(sw_http, client_record.case_number, {"kind": "proceedings_support", "on": today.isoformat(),
                                                  "support_kind": "interpreter", "hours": "1"})
    assert r.status_code == 400 and r.json()["code"] == "INTERPRETING_ONLY_WITHIN_CONSULTATION"
    assert "interpreting is allowed only within a consultation" in r.json()["detail"]
    assert not AftercareEntry.objects.exists()
    r = sw_http.post(url, {"on": _d(today), "support_kind": "social_worker_consultation", "interpreter": "on",
                           "hours": "1.5"})
    assert r.status_code == 302
    row = AftercareEntry.objects.get()
    assert row.interpreter and row.support_kind == "social_worker_consultation"


def test_without_legal_aid_interpreting_on_its_own_is_offered_and_accepted(make_course, client_record, today, sw,
                                                                           sw_http):
    course = make_course(today - D(days=279))
    _support(sw, course, today - D(days=60))
    url = f"/rehabilitation/{client_record.case_number}/aftercare/support/"
    offered = set(_options(sw_http.get(url).content.decode(), "support_kind"))
    assert offered == set(MK344.proceedings_support_kinds)
    r = sw_http.post(url, {"on": _d(today), "support_kind": "interpreter", "hours": "1"})
    assert r.status_code == 302


# --- family members -------------------------------------------------------------------------------


def test_family_consultations_end_on_the_windows_last_day(make_course, client_record, today, sw_http):
    course = make_course(today - D(days=179 + 2 * 366 + 10))
    window_end = add_years(course.start + D(days=179), 2)
    child = FamilyMember.objects.create(client=client_record, relation="child", given_names="Anna",
                                        birth_date=add_years(today, -8), lives_in_latvia=True)
    url = f"/rehabilitation/{client_record.case_number}/aftercare/family/"
    r = sw_http.post(url, {"on": _d(window_end + D(days=1)), "family_member": str(child.pk), "hours": "1"})
    assert r.status_code == 400
    assert f"Family members' consultations were available until 2 years after the course, until {_d(window_end)}" in (
        r.content.decode().replace("&#x27;", "'"))
    r = _api(sw_http, client_record.case_number, {"kind": "family_consultation", "family_member": child.pk,
                                                  "on": (window_end + D(days=1)).isoformat()})
    assert r.status_code == 400 and r.json()["code"] == "FAMILY_WINDOW_CLOSED"
    assert not AftercareEntry.objects.exists()
    r = sw_http.post(url, {"on": _d(window_end), "family_member": str(child.pk), "hours": "1"})
    assert r.status_code == 302 and AftercareEntry.objects.count() == 1


def test_a_family_consultation_before_the_course_or_longer_than_the_limit_is_refused(make_course, client_record,
                                                                                    child, today, sw_http):
    course = make_course(today - D(days=30))
    r = _api(sw_http, client_record.case_number, {"kind": "family_consultation", "family_member": child.pk,
                                                  "on": (course.start - D(days=1)).isoformat()})
    assert r.status_code == 400 and r.json()["code"] == "FAMILY_CONSULTATION_BEFORE_COURSE"
    url = f"/rehabilitation/{client_record.case_number}/aftercare/family/"
    limit = ruleset_on(today).family_consultation_max_hours
    above = str(Decimal(limit) + Decimal("0.01"))
    r = sw_http.post(url, {"on": _d(today), "family_member": str(child.pk), "hours": above})
    assert r.status_code == 400 and f"A family member&#x27;s consultation lasts at most {limit} h" in r.content.decode()
    r = _api(sw_http, client_record.case_number, {"kind": "family_consultation", "family_member": child.pk,
                                                  "on": today.isoformat(), "hours": "9"})
    assert r.status_code == 400 and r.json()["code"] == "CONSULTATION_TOO_LONG"
    assert not AftercareEntry.objects.exists()
    r = sw_http.post(url, {"on": _d(course.start), "family_member": str(child.pk), "hours": str(limit)})
    assert r.status_code == 302 and AftercareEntry.objects.count() == 1


def test_the_reading_family_of_a_minor_victim_makes_an_adult_relative_eligible(make_course, client_record, today,
                                                                               sw, monkeypatch):
    client_record.birth_date = add_years(today, -16)
    client_record.save()
    course = make_course(today - D(days=30))
    mother = FamilyMember.objects.create(client=client_record, relation="parent", given_names="Inese",
                                         birth_date=add_years(today, -45), lives_in_latvia=True)
    data = {"kind": "family_consultation", "on": today, "family_member": mother, "hours": Decimal(1)}
    # The default reading (minor family members): the mother is not eligible.
    with pytest.raises(services.Refused) as refused:
        services.record_aftercare(sw, course, data)
    assert refused.value.reason == "FAMILY_MEMBER_NOT_ELIGIBLE"
    assert mother not in ledger.family_member_choices(course, today)
    other = dataclasses.replace(MK344, family_consultation_readings=("family_of_minor_victim",))
    monkeypatch.setattr(ledger, "ruleset_on", lambda d: other)
    monkeypatch.setattr(ent, "ruleset_on", lambda d: other)
    assert mother in ledger.family_member_choices(course, today)
    assert services.record_aftercare(sw, course, data).family_member == mother


# --- entry bounds ---------------------------------------------------------------------------------


BOUNDS = [
    ("consultation", "hours", MK344.entry_max_hours, {"specialist": "psychologist", "mode": "in_person"}),
    ("goods", "amount_eur", MK344.entry_max_amount_eur, {"goods_category": "food"}),
    ("shelter", "nights", MK344.entry_max_nights, {"accommodation": "own"}),
    ("shelter", "children_nights", MK344.entry_max_children_nights, {"accommodation": "own", "nights": "1"}),
]


@pytest.mark.parametrize(("kind", "field", "limit", "extra"), BOUNDS)
def test_each_number_of_a_course_service_has_an_upper_bound(make_course, client_record, today, sw_http, kind, field,
                                                            limit, extra):
    make_course(today - D(days=10))
    url = f"/rehabilitation/{client_record.case_number}/services/add/{kind}/"
    above = str(limit + 1) if "nights" in field else str(Decimal(limit) + Decimal("0.01"))
    r = sw_http.post(url, {"on": _d(today), **extra, field: above})
    assert r.status_code == 400 and f"at most {limit}" in r.content.decode()
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/services/",
                     {"kind": kind, "on": today.isoformat(), **extra, field: above}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "ENTRY_TOO_LARGE"
    assert not ServiceEntry.objects.exists()
    r = sw_http.post(url, {"on": _d(today), **extra, field: str(limit)})
    assert r.status_code == 302 and ServiceEntry.objects.count() == 1


def test_a_9999_99_hour_consultation_is_refused_with_a_message_in_latvian(make_course, client_record, today, sw_http):
    make_course(today - D(days=10))
    sw_http.cookies["django_language"] = "lv"
    r = sw_http.post(f"/api/rehabilitation/courses/{client_record.case_number}/services/",
                     {"kind": "consultation", "on": today.isoformat(), "specialist": "lawyer", "mode": "remote",
                      "hours": "9999.99"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="lv")
    assert r.status_code == 400 and r.json()["code"] == "ENTRY_TOO_LARGE"
    assert "atļauts ne vairāk kā 24 st. vienā ierakstā" in r.json()["detail"]
    assert not ServiceEntry.objects.exists()


def test_support_hours_of_one_entry_have_an_upper_bound(make_course, client_record, today, sw, sw_http):
    course = make_course(today - D(days=279))
    _support(sw, course, today - D(days=60))
    limit = ruleset_on(today).proceedings_support_entry_max_hours
    body = {"kind": "proceedings_support", "on": today.isoformat(), "support_kind": "court_representation"}
    r = _api(sw_http, client_record.case_number, {**body, "hours": str(Decimal(limit) + Decimal("0.01"))})
    assert r.status_code == 400 and r.json()["code"] == "ENTRY_TOO_LARGE"
    r = _api(sw_http, client_record.case_number, {**body, "hours": str(limit)})
    assert r.status_code == 201


def test_the_models_refuse_a_number_above_the_bound_too(make_course, today, people):
    course = make_course(today - D(days=10))
    row = ServiceEntry(course=course, kind="consultation", on=today, specialist="lawyer", mode="remote",
                       hours=Decimal(MK344.entry_max_hours) + Decimal("0.01"), recorded_by=people["sw"])
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "hours" in error.value.message_dict
    row.hours = Decimal(MK344.entry_max_hours)
    row.full_clean()
    care = AftercareEntry(course=course, kind="aftercare_consultation", on=today, hours=Decimal("1.01"),
                          specialist="lawyer", recorded_by=people["sw"])
    with pytest.raises(ValidationError):
        care.full_clean()


# --- offered choices match the rules ---------------------------------------------------------------


def test_the_after_care_form_offers_exactly_the_specialists_the_rules_accept(make_course, client_record, today, sw,
                                                                             sw_http):
    course = make_course(today - D(days=279))
    page = sw_http.get(f"/rehabilitation/{client_record.case_number}/aftercare/consultation/").content.decode()
    offered = _options(page, "specialist")
    rs = ruleset_on(today)
    assert offered == list(rs.aftercare_specialist_roles)
    assert "medical" not in offered and "Medical practitioner" not in page
    situation = ledger.situation_for(course, today)
    for code in offered:
        assert ent.check_entry(situation, ent.Entry(ent.EntryKind.AFTERCARE_CONSULTATION, today, Decimal(1),
                                                    specialist=code)).ok
    for code in ("medical", "other"):
        assert not ent.check_entry(situation, ent.Entry(ent.EntryKind.AFTERCARE_CONSULTATION, today, Decimal(1),
                                                        specialist=code)).ok
