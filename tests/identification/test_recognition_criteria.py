"""Issue 9, section 4: the criteria read as act, means and purpose per member; minors judged when
the exploitation began; victim or witness; meeting dates — through the pages and the API."""

import datetime
import io
from zoneinfo import ZoneInfo

import pypdf
import pytest

from atbalsts.accounts.models import Membership
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.identification import catalogue, services
from atbalsts.identification.models import Case, CaseStatus, Commission, CommissionStatus, RecognitionGround
from atbalsts.people.services import create_client
from tests.conftest import actor
from tests.identification.flow import interviewed

from .flow import lawyer

J = {"content_type": "application/json"}
TODAY = datetime.date(2026, 11, 20)
MEETING = datetime.date(2026, 11, 12)
FULL = ("recruited", "documents_taken", "employed_against_will")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/Riga")), tick=False)


@pytest.fixture
def team(people, orgs):
    people["lawyer"] = lawyer(orgs)
    return [people["sw"], people["psy"], people["lawyer"], people["police"]]


def _http(login, user, language="en"):
    http = login(user)
    http.cookies["django_language"] = language
    return http


def _opened(sw, client):
    """An open case whose interview found an indicator, as a commission needs (ADR 0011)."""
    case = services.open_case(sw, client)
    interviewed(sw, case)
    return case


def _convened(people, team, client, meeting=MEETING):
    sw = actor(people["sw"])
    case = _opened(sw, client)
    commission = services.convene_commission(sw, case, meeting)
    for user in team[1:]:
        services.add_commission_member(sw, commission, Membership.objects.get(user=user).pk)
    return commission


def _assessed(people, team, client, items=FULL, by=None, meeting=MEETING):
    """A full commission; each member finds ``items`` unless ``by`` gives that member's own."""
    commission = _convened(people, team, client, meeting)
    for user in team:
        own = (by or {}).get(user.username, items)
        findings = {code: (code in own, "pierādīts" if code in own else "") for code in catalogue.CRITERIA_ITEMS}
        services.record_assessment(actor(user), commission, findings, f"Viedoklis {user.username}.")
    return commission


def _conclude(http, commission):
    return http.post(f"/identification/commissions/{commission.pk}/conclude/",
                     {"conclusion": "recognised", "reasoning": "Kritēriji izpildīti."})


def _client(people, birth):
    return create_client(actor(people["sw"]), {"given_names": "Marta", "surname": "Kalniņa", "birth_date": birth})


# --- the criteria ------------------------------------------------------------------------------


def test_an_adult_is_not_recognised_on_more_than_the_set_hours_alone(people, team, client_record, login):
    commission = _assessed(people, team, client_record, items=("excess_hours",))
    response = _conclude(_http(login, people["sw"]), commission)
    assert response.status_code == 400
    page = response.content.decode()
    assert "They do for 0 of 4 members." in page and "act, means, purpose of exploitation" in page
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.CONVENED
    assert not RecognitionGround.objects.exists()


def test_an_adult_recruited_transported_and_deceived_is_recognised_through_the_api(
        people, team, client_record, login):
    commission = _assessed(people, team, client_record, items=("recruited", "transported", "other_work"))
    r = _http(login, people["sw"]).post(f"/api/identification/commissions/{commission.pk}/conclude/",
                                        {"conclusion": "recognised", "reasoning": "Maldināta."}, **J)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["conclusion"] == "recognised" and body["criteria_reading"] == "CL154.2-A2-2007"
    assert all(m["meets_criteria"] and m["elements_found"] == ["act", "means", "purpose"] for m in body["members"])
    assert body["members"][0]["found"] == ["recruited", "transported", "other_work"]


def test_findings_of_different_members_are_not_pooled_into_a_recognition(people, team, client_record, login):
    # Together they found an act, a means and the purpose; no member found all three.
    by = {"sw": ("recruited",), "psy": ("employed_against_will",), "lawyer": ("recruited", "excess_hours"),
          "police": ("threats_family",)}
    commission = _assessed(people, team, client_record, by=by)
    response = _conclude(_http(login, people["sw"]), commission)
    assert response.status_code == 400
    assert "They do for 0 of 4 members." in response.content.decode()


def test_recognition_needs_more_than_half_of_the_members_two_of_four_is_not_enough(
        people, team, client_record, login):
    commission = _assessed(people, team, client_record, by={"lawyer": ("recruited",), "police": ()})
    response = _conclude(_http(login, people["sw"]), commission)
    assert response.status_code == 400 and "They do for 2 of 4 members." in response.content.decode()


def test_three_of_four_members_recognise_and_the_protocol_shows_each_members_findings(
        people, team, client_record, login):
    commission = _assessed(people, team, client_record, by={"police": ("recruited",)})
    sw = _http(login, people["sw"])
    assert _conclude(sw, commission).status_code == 302
    page = sw.get(f"/identification/commissions/{commission.pk}/").content.decode()
    assert "findings against the legal definition" in page
    protocol = sw.get(f"/identification/commissions/{commission.pk}/protocol/").content.decode()
    assert "Kritērijiem atbilst 3 no 4 locekļu konstatējumiem." in protocol
    assert "neatbilst" in protocol and "ekspluatācijas nolūks" in protocol

    for user in team:
        services.acknowledge(actor(user), commission)
    pdf = sw.get(f"/identification/commissions/{commission.pk}/protocol.pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Katra locekļa konstatējumi" in text and "Konstatējumu atbilstība pa locekļiem" in text
    assert "Kritēriju lasījums" in text and "CL154.2-A2-2007" in text
    assert "neatbilst" in text and "3 no 4" in text


def test_each_member_sees_which_element_every_item_shows_on_the_assessment_page(people, team, client_record, login):
    commission = _convened(people, team, client_record)
    page = _http(login, people["psy"]).get(f"/identification/commissions/{commission.pk}/assessment/")
    assert page.status_code == 200
    assert "means, purpose of exploitation" in page.content.decode()


# --- minors: judged when the exploitation began ----------------------------------------------------


def _nineteen_recruited_at_sixteen(people):
    return _client(people, datetime.date(2007, 6, 1))  # 19 on the meeting date


def test_a_person_assessed_at_19_who_was_recruited_at_16_is_recognised_without_means(people, team, login):
    client = _nineteen_recruited_at_sixteen(people)
    commission = _assessed(people, team, client, items=("recruited", "excess_hours"))
    sw = _http(login, people["sw"])
    # Without the start recorded the person is an adult and the refusal says what to record.
    response = _conclude(sw, commission)
    assert response.status_code == 400
    assert "record on the case when it began" in response.content.decode()

    r = sw.post(f"/identification/{commission.case_id}/exploitation-start/", {"began_on": "01.09.2023"})
    assert r.status_code == 302
    assert AuditEvent.objects.filter(object_type="exploitation_start", action=Action.UPDATE).exists()
    page = sw.get(f"/identification/commissions/{commission.pk}/").content.decode()
    assert "the person was 16 then" in page
    assert _conclude(sw, commission).status_code == 302
    commission.refresh_from_db()
    assert commission.minor_for_means and not commission.minor_at_meeting
    assert (commission.minor_basis, commission.age_when_exploitation_began) == ("began_on", "16")
    protocol = sw.get(f"/identification/commissions/{commission.pk}/protocol/").content.decode()
    assert "Ekspluatācija sākās 01.09.2023; personai tad bija 16 gadi." in protocol
    assert "līdzeklis nav jākonstatē" in protocol


def test_the_age_then_recorded_through_the_api_decides_and_turning_18_is_adult(people, team, login):
    client = _nineteen_recruited_at_sixteen(people)
    commission = _assessed(people, team, client, items=("recruited", "excess_hours"))
    sw = _http(login, people["sw"])
    url = f"/api/identification/cases/{commission.case_id}/exploitation-start/"
    r = sw.post(url, {"age": 18}, **J)
    assert r.status_code == 200 and r.json()["exploitation_began_age"] == 18
    assert sw.get(f"/api/identification/commissions/{commission.pk}/").json()["minor_for_means"] is False
    assert sw.post(f"/api/identification/commissions/{commission.pk}/conclude/",
                   {"conclusion": "recognised", "reasoning": "x"}, **J).status_code == 400
    assert sw.post(url, {"age": 17}, **J).status_code == 200
    body = sw.get(f"/api/identification/commissions/{commission.pk}/").json()
    assert body["minor_for_means"] is True and body["minor_basis"] == "age_then"
    assert sw.post(f"/api/identification/commissions/{commission.pk}/conclude/",
                   {"conclusion": "recognised", "reasoning": "x"}, **J).status_code == 200


@pytest.mark.parametrize("data, field, message", [
    ({"began_on": "01.09.2023", "age": "16"}, "age", "not both"),
    ({"began_on": "21.11.2026"}, "began_on", "cannot begin in the future"),
    ({"began_on": "31.05.2007"}, "began_on", "before the person was born (01.06.2007)"),
    ({"age": "20"}, "age", "Give an age from 0 to 19"),
    ({"age": "-1"}, "age", "greater than or equal to 0"),
])
def test_a_wrong_exploitation_start_is_refused_with_a_message_and_nothing_saved(people, login, data, field, message):
    case = _opened(actor(people["sw"]), _nineteen_recruited_at_sixteen(people))
    r = _http(login, people["sw"]).post(f"/identification/{case.pk}/exploitation-start/", data)
    assert r.status_code == 400 and message in r.content.decode()
    case = Case.objects.get(pk=case.pk)
    assert case.exploitation_began_on is None and case.exploitation_age is None


def test_the_exploitation_start_on_the_day_of_birth_and_today_is_accepted(people, login):
    case = _opened(actor(people["sw"]), _nineteen_recruited_at_sixteen(people))
    http = _http(login, people["sw"])
    assert http.post(f"/identification/{case.pk}/exploitation-start/", {"began_on": "01.06.2007"}).status_code == 302
    assert http.post(f"/identification/{case.pk}/exploitation-start/", {"began_on": "20.11.2026"}).status_code == 302
    assert http.post(f"/identification/{case.pk}/exploitation-start/", {"age": "19"}).status_code == 302
    assert Case.objects.get(pk=case.pk).exploitation_age == 19


def test_the_api_refuses_both_a_date_and_an_age(people, login):
    case = _opened(actor(people["sw"]), _nineteen_recruited_at_sixteen(people))
    r = _http(login, people["sw"]).post(f"/api/identification/cases/{case.pk}/exploitation-start/",
                                        {"began_on": "2023-09-01", "age": 16}, **J)
    assert r.status_code == 400 and "not both" in str(r.json())


def test_an_outsider_cannot_record_an_exploitation_start(people, login):
    case = _opened(actor(people["sw"]), _nineteen_recruited_at_sixteen(people))
    outsider = _http(login, people["outsider"])
    assert outsider.post(f"/identification/{case.pk}/exploitation-start/", {"age": "16"}).status_code == 404
    assert outsider.post(f"/api/identification/cases/{case.pk}/exploitation-start/", {"age": 16},
                         **J).status_code == 404
    assert Case.objects.get(pk=case.pk).exploitation_age is None


# --- victim or witness --------------------------------------------------------------------------


GROUND = {"ground": "proceedings", "document_number": "11816000123", "document_date": "05.11.2026",
          "issuing_body": "Valsts policija"}


def test_ground_1_must_say_whether_the_person_is_a_victim_or_a_witness(people, client_record, login):
    case = _opened(actor(people["sw"]), client_record)
    sw = _http(login, people["sw"])
    r = sw.post(f"/identification/{case.pk}/grounds/new/", GROUND)
    assert r.status_code == 200 and "victim or gives them witness status" in r.content.decode()
    assert not RecognitionGround.objects.exists()
    r = sw.post(f"/api/identification/cases/{case.pk}/grounds/", {**GROUND, "document_date": "2026-11-05"}, **J)
    assert r.status_code == 400 and "standing" in r.json()
    assert not RecognitionGround.objects.exists()


def test_a_witness_who_does_not_want_to_be_a_victim_is_shown_on_the_page_and_in_the_api(
        people, client_record, login):
    case = _opened(actor(people["sw"]), client_record)
    sw = _http(login, people["sw"])
    assert sw.post(f"/identification/{case.pk}/grounds/new/", {**GROUND, "standing": "witness"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RECOGNISED and case.proceedings_standing == "witness"
    page = sw.get(f"/identification/{case.pk}/").content.decode()
    assert "Has witness status (does not want to be recognised as a victim)" in page
    body = sw.get(f"/api/identification/cases/{case.pk}/").json()
    assert body["proceedings_standing"] == "witness"
    lv = _http(login, people["sw"], "lv").get(f"/identification/{case.pk}/").content.decode()
    assert "Liecinieka statuss (nevēlas, lai viņu atzīst par cietušo)" in lv


def test_a_foreign_ground_may_leave_the_standing_empty_and_the_protocol_shows_the_standing(
        people, team, client_record, login):
    commission = _assessed(people, team, client_record)
    sw = _http(login, people["sw"])
    foreign = {**GROUND, "ground": "foreign", "document_date": "2026-11-05"}
    assert sw.post(f"/api/identification/cases/{commission.case_id}/grounds/", foreign, **J).status_code == 201
    assert sw.post(f"/api/identification/cases/{commission.case_id}/grounds/",
                   {**foreign, "ground": "proceedings", "standing": "victim"}, **J).status_code == 201
    assert _conclude(sw, commission).status_code == 302
    protocol = sw.get(f"/identification/commissions/{commission.pk}/protocol/").content.decode()
    assert "Statuss kriminālprocesā: Atzīta par cietušo kriminālprocesā (11816000123" in protocol


# --- meeting dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("meeting, message", [
    ("25.01.2000", "The date 25.01.2000 is before 01.01.2007"),
    ("31.12.2006", "Give a date on or after 01.01.2007."),
    ("20.11.2028", "too far in the future"),
])
def test_a_meeting_date_the_rules_cannot_judge_is_refused_on_the_page(people, client_record, login, meeting, message):
    case = _opened(actor(people["sw"]), client_record)
    r = _http(login, people["sw"]).post(f"/identification/{case.pk}/commission/new/", {"meeting_date": meeting})
    assert r.status_code == 400 and message in r.content.decode()
    assert not Commission.objects.exists()


def test_the_first_rules_date_and_the_horizon_are_accepted(people, client_record, login):
    case = _opened(actor(people["sw"]), client_record)
    http = _http(login, people["sw"])
    assert http.post(f"/identification/{case.pk}/commission/new/", {"meeting_date": "01.01.2007"}).status_code == 302
    commission = Commission.objects.get()
    r = http.post(f"/identification/commissions/{commission.pk}/meeting-date/", {"meeting_date": "19.11.2028"})
    assert r.status_code == 302
    commission.refresh_from_db()
    assert commission.meeting_date == datetime.date(2028, 11, 19)


def test_a_meeting_date_before_the_rules_is_refused_in_latvian_and_through_the_api(people, client_record, login):
    case = _opened(actor(people["sw"]), client_record)
    r = _http(login, people["sw"], "lv").post(f"/identification/{case.pk}/commission/new/",
                                              {"meeting_date": "25.01.2000"})
    assert r.status_code == 400 and "Datums 25.01.2000 ir pirms 01.01.2007" in r.content.decode()
    r = _http(login, people["sw"]).post(f"/api/identification/cases/{case.pk}/commissions/",
                                        {"meeting_date": "2000-01-25"}, **J)
    assert r.status_code == 400 and "01.01.2007" in str(r.json()["meeting_date"])
    assert not Commission.objects.exists()


def test_a_stored_meeting_date_before_the_rules_shows_the_pages_and_can_be_corrected(
        people, team, client_record, login):
    commission = _assessed(people, team, client_record)
    Commission.objects.filter(pk=commission.pk).update(meeting_date=datetime.date(2000, 1, 25))
    sw = _http(login, people["sw"])
    page = sw.get(f"/identification/commissions/{commission.pk}/")
    assert page.status_code == 200 and "The meeting date cannot be used:" in page.content.decode()
    assert sw.get(f"/identification/{commission.case_id}/").status_code == 200
    assert _http(login, people["psy"]).get(f"/identification/commissions/{commission.pk}/assessment/"
                                           ).status_code == 200
    api = sw.get(f"/api/identification/commissions/{commission.pk}/")
    assert api.status_code == 200 and "01.01.2007" in api.json()["meeting_date_problem"]
    r = _conclude(sw, commission)
    assert r.status_code == 400 and "The date 25.01.2000 is before 01.01.2007" in r.content.decode()
    r = sw.post(f"/api/identification/commissions/{commission.pk}/meeting-date/", {"meeting_date": "2026-11-12"}, **J)
    assert r.status_code == 200 and r.json()["meeting_date_problem"] == ""
    assert _conclude(sw, commission).status_code == 302


def test_a_commission_cannot_conclude_before_its_meeting_date_but_can_on_the_day(
        people, team, client_record, login, time_machine):
    commission = _assessed(people, team, client_record, meeting=datetime.date(2026, 11, 21))
    sw = _http(login, people["sw"])
    r = _conclude(sw, commission)
    assert r.status_code == 400 and "cannot conclude before its meeting date (21.11.2026)" in r.content.decode()
    api = sw.post(f"/api/identification/commissions/{commission.pk}/conclude/",
                  {"conclusion": "not_recognised", "reasoning": "x"}, **J)
    assert api.status_code == 400
    assert Commission.objects.get(pk=commission.pk).status == CommissionStatus.CONVENED
    time_machine.move_to(datetime.datetime(2026, 11, 21, 9, 0, tzinfo=ZoneInfo("Europe/Riga")), tick=False)
    assert _conclude(sw, commission).status_code == 302


def test_moving_the_meeting_is_for_the_case_team_and_only_before_the_conclusion(people, team, client_record, login):
    commission = _assessed(people, team, client_record)
    for who in ("outsider", "psy", "police", "siva"):
        http = _http(login, people[who])
        assert http.post(f"/identification/commissions/{commission.pk}/meeting-date/",
                         {"meeting_date": "13.11.2026"}).status_code == 404
        assert http.post(f"/api/identification/commissions/{commission.pk}/meeting-date/",
                         {"meeting_date": "2026-11-13"}, **J).status_code == 404
    sw = _http(login, people["sw"])
    assert sw.post(f"/identification/commissions/{commission.pk}/meeting-date/",
                   {"meeting_date": "13.11.2026"}).status_code == 302
    assert AuditEvent.objects.filter(object_type="commission", action=Action.UPDATE).exists()
    assert _conclude(sw, commission).status_code == 302
    r = sw.post(f"/identification/commissions/{commission.pk}/meeting-date/", {"meeting_date": "14.11.2026"})
    assert r.status_code == 400 and "its meeting date cannot change" in r.content.decode()
    assert Commission.objects.get(pk=commission.pk).meeting_date == datetime.date(2026, 11, 13)
