import datetime

import pytest
from django.db import connection

from atbalsts.accounts.models import Membership
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.identification import catalogue, services
from atbalsts.identification.models import (
    Case,
    CaseStatus,
    Commission,
    CommissionStatus,
    Interview,
    MovementEvent,
    RecognitionGround,
)
from atbalsts.people.services import create_client
from tests.conftest import actor

from .flow import interview_post, interviewed, lawyer


def _open(http, client_record):
    response = http.post(f"/identification/open/{client_record.case_number}/")
    assert response.status_code == 302
    return Case.objects.get(client=client_record)


def _events(object_type, action=None):
    qs = AuditEvent.objects.filter(object_type=object_type)
    return qs.filter(action=action) if action else qs


def test_a_case_walks_from_first_contact_to_a_recognising_commission(people, orgs, client_record, login):
    sw = login(people["sw"])
    sw.cookies["django_language"] = "en"
    case = _open(sw, client_record)
    assert _events("identification_case", Action.CREATE).get().object_ref == case.reference

    page = sw.get(f"/identification/{case.pk}/").content.decode()
    assert "a specialist commission should be convened" not in page

    response = sw.post(f"/identification/{case.pk}/interviews/new/", interview_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    interview = Interview.objects.get()
    assert interview.found_indicators == ["documents_confiscated"]
    assert interview.health_codes() == ["depression", "trauma"]
    assert MovementEvent.objects.get().country == "Īrija"
    assert _events("interview", Action.CREATE).exists()

    page = sw.get(f"/identification/{case.pk}/").content.decode()
    assert "a specialist commission should be convened" in page
    assert "Convene the commission" in page

    response = sw.post(f"/identification/{case.pk}/commission/new/", {"meeting_date": "12.11.2026"})
    commission = Commission.objects.get()
    assert response["Location"] == f"/identification/commissions/{commission.pk}/"
    law = lawyer(orgs)
    for user in (people["psy"], law):
        membership = Membership.objects.get(user=user)
        assert sw.post(f"/identification/commissions/{commission.pk}/members/",
                       {"membership": membership.pk}).status_code == 302
    assert commission.members.count() == 3

    criteria = {f"crit_{code}": "on" for code in ("recruited", "documents_taken", "employed_against_will")}
    for user in (people["sw"], people["psy"], law):
        http = login(user)
        response = http.post(f"/identification/commissions/{commission.pk}/assessment/",
                             {**criteria, "opinion": "Atzīstama."})
        assert response.status_code == 302

    # Without the State Police official the commission cannot conclude, and nothing changes.
    events_before = AuditEvent.objects.filter(action__in=[Action.CREATE, Action.UPDATE]).count()
    response = sw.post(f"/identification/commissions/{commission.pk}/conclude/",
                       {"conclusion": "recognised", "reasoning": "Kritēriji izpildīti."})
    assert response.status_code == 400
    assert "The commission cannot conclude without a State Police official." in response.content.decode()
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.CONVENED
    assert not RecognitionGround.objects.exists()
    assert AuditEvent.objects.filter(action__in=[Action.CREATE, Action.UPDATE]).count() == events_before

    police_membership = Membership.objects.get(user=people["police"])
    sw.post(f"/identification/commissions/{commission.pk}/members/", {"membership": police_membership.pk})
    police = login(people["police"])
    assert police.get(f"/identification/commissions/{commission.pk}/").status_code == 200
    assert police.post(f"/identification/commissions/{commission.pk}/assessment/",
                       {**criteria, "opinion": "Piekrītu."}).status_code == 302

    response = sw.post(f"/identification/commissions/{commission.pk}/conclude/",
                       {"conclusion": "recognised", "reasoning": "Kritēriji izpildīti."})
    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.CONCLUDED
    case.refresh_from_db()
    assert case.status == CaseStatus.RECOGNISED
    assert RecognitionGround.objects.get().commission == commission
    assert _events("commission_conclusion", Action.UPDATE).exists()

    for user in (people["sw"], people["psy"], law, people["police"]):
        assert login(user).post(f"/identification/commissions/{commission.pk}/acknowledge/").status_code == 302
    assert commission.fully_acknowledged
    assert _events("commission_acknowledgement").count() == 4

    protocol = sw.get(f"/identification/commissions/{commission.pk}/protocol/").content.decode()
    assert "Speciālistu komisijas izvērtēšanas protokols" in protocol
    assert "Līga Bērziņa atzīta par cilvēku tirdzniecības upuri." in protocol
    assert "Bērziņa" in protocol and "elektroniski apliecināts" in protocol


def test_the_police_member_sees_the_commission_but_not_the_interview_or_the_case(people, orgs, client_record, login):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interview = services.record_interview(sw, case, {"date": datetime.date(2026, 11, 1), "mode": "in_person",
                                                      "indicators": {"isolation": ("found", "")},
                                                      "health": ["trauma"]})
    commission = services.convene_commission(sw, case, datetime.date(2026, 11, 12))
    services.add_commission_member(sw, commission, Membership.objects.get(user=people["police"]).pk)
    police = login(people["police"])
    assert police.get(f"/identification/commissions/{commission.pk}/").status_code == 200
    assert police.get(f"/identification/{case.pk}/").status_code == 404
    assert police.get(f"/identification/{case.pk}/interviews/{interview.pk}/").status_code == 404
    assert police.post(f"/identification/commissions/{commission.pk}/conclude/",
                       {"conclusion": "recognised", "reasoning": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "siva", "psy", "municipal", "hotline", "statistician", "police"])
def test_nobody_outside_the_case_team_opens_the_case_interview_or_commission(persona, people, client_record, login):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interview = services.record_interview(sw, case, {"date": datetime.date(2026, 11, 1), "mode": "in_person",
                                                      "indicators": {"isolation": ("found", "")},
                                                      "health": ["trauma"]})
    commission = services.convene_commission(sw, case, datetime.date(2026, 11, 12))
    http = login(people[persona])
    assert http.get(f"/identification/{case.pk}/").status_code == 404
    assert http.get(f"/identification/{case.pk}/interviews/{interview.pk}/").status_code == 404
    assert http.get(f"/identification/{case.pk}/interviews/new/").status_code == 404
    assert http.get(f"/identification/commissions/{commission.pk}/").status_code == 404
    assert http.post(f"/identification/open/{client_record.case_number}/").status_code == 404
    assert _events("identification_case", Action.DENIED).exists()


def test_health_issues_are_stored_encrypted_and_read_only_by_the_case_team(people, client_record, login):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interview = services.record_interview(sw, case, {"date": datetime.date(2026, 11, 1), "mode": "in_person",
                                                      "health": ["suicide_attempt"]})
    with connection.cursor() as cursor:
        cursor.execute("SELECT health_encrypted FROM identification_interview WHERE id = %s", [interview.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("enc1:") and "suicide" not in raw
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    page = http.get(f"/identification/{case.pk}/interviews/{interview.pk}/").content.decode()
    assert "Suicide attempt" in page
    assert _events("interview_health", Action.READ).exists()


def test_an_invalid_interview_is_explained_and_nothing_is_saved(people, client_record, login):
    http = login(people["sw"])
    case = _open(http, client_record)
    before = AuditEvent.objects.count()
    response = http.post(f"/identification/{case.pk}/interviews/new/",
                         interview_post(move_0_country="", interpreter_language=""))
    assert response.status_code == 200
    assert not Interview.objects.exists() and not MovementEvent.objects.exists()
    assert AuditEvent.objects.filter(action=Action.CREATE).count() == AuditEvent.objects.filter(
        action=Action.CREATE, seq__lte=before).count()


def test_a_failure_halfway_through_an_interview_leaves_nothing_behind(people, client_record):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    with pytest.raises(Exception):  # noqa: B017 — the movement is invalid after the interview row is written
        services.record_interview(sw, case, {"date": datetime.date(2026, 11, 1), "mode": "in_person",
                                             "indicators": {"isolation": ("found", "")},
                                             "movements": [{"kind": "nonsense", "country": "LV"}]})
    assert not Interview.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def _commission_with_all_roles(people, orgs, client, items):
    sw = actor(people["sw"])
    case = services.open_case(sw, client)
    interviewed(sw, case)
    commission = services.convene_commission(sw, case, datetime.date(2026, 11, 12))
    law = lawyer(orgs)
    for user in (people["psy"], law, people["police"]):
        services.add_commission_member(sw, commission, Membership.objects.get(user=user).pk)
    findings = {code: (code in items, "") for code in catalogue.CRITERIA_ITEMS}
    for user in (people["sw"], people["psy"], law, people["police"]):
        services.record_assessment(actor(user), commission, findings, "Viedoklis.")
    return commission


def test_a_minor_is_recognised_without_means_and_the_screen_says_so(people, orgs, login):
    minor = create_client(actor(people["sw"]), {"given_names": "Anna", "surname": "Ozola",
                                                 "birth_date": datetime.date(2011, 5, 1)})
    commission = _commission_with_all_roles(people, orgs, minor, items=("recruited", "excess_hours"))
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    assess = http.get(f"/identification/commissions/{commission.pk}/assessment/").content.decode()
    assert "the means need not be found" in assess
    response = http.post(f"/identification/commissions/{commission.pk}/conclude/",
                         {"conclusion": "recognised", "reasoning": "Nepilngadīga, savervēta."})
    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.conclusion == "recognised" and commission.minor_at_meeting and commission.minor_for_means


def test_an_adult_is_not_recognised_without_means(people, orgs, client_record, login):
    commission = _commission_with_all_roles(people, orgs, client_record, items=("recruited", "excess_hours"))
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.post(f"/identification/commissions/{commission.pk}/conclude/",
                         {"conclusion": "recognised", "reasoning": "x"})
    assert response.status_code == 400
    assert "For an adult the means must be found." in response.content.decode()
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.CONVENED


def test_someone_from_another_organisation_sits_only_as_an_invited_specialist_and_fills_no_seat(people, orgs):
    sw = actor(people["sw"])
    from atbalsts.people.services import create_client as cc

    client = cc(sw, {"given_names": "A", "surname": "B"})
    case = services.open_case(sw, client)
    interviewed(sw, case)
    commission = services.convene_commission(sw, case, datetime.date(2026, 11, 12))
    member = services.add_commission_member(sw, commission, Membership.objects.get(user=people["outsider"]).pk)
    assert member.invited is True
    # Another provider's social worker does not fill the police seat, nor any other.
    assert services.missing_roles(commission) == ["psychologist", "lawyer", "police_official"]


def test_a_law_enforcement_ground_is_recorded_with_its_document(people, client_record, login):
    http = login(people["sw"])
    case = _open(http, client_record)
    response = http.post(f"/identification/{case.pk}/grounds/new/", {
        "ground": "proceedings", "standing": "victim", "document_number": "11816000123",
        "document_date": "05.11.2026", "issuing_body": "Valsts policija"})
    assert response.status_code == 302
    ground = RecognitionGround.objects.get()
    assert ground.ground == "proceedings" and ground.document_date == datetime.date(2026, 11, 5)
    assert ground.standing == "victim"
    assert _events("recognition_ground", Action.CREATE).exists()


def test_the_client_page_links_to_identification(people, client_record, login):
    http = login(people["sw"])
    case = _open(http, client_record)
    page = http.get(f"/clients/{client_record.case_number}/").content.decode()
    assert f"/identification/{case.pk}/" in page
