"""The start page as each role's dashboard: the right sections with the actor's own work, and
nothing of another organisation, case team or hotline."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import services as decisions_services
from atbalsts.hotline.services import record_contact
from atbalsts.identification import services as identification_services
from atbalsts.people.services import create_client, record_consent, withdraw_consent
from atbalsts.policy.rules import PRODUCT_DEFAULTS, ruleset_on
from atbalsts.portal.services import submit_report
from atbalsts.referrals import services as referrals_services
from atbalsts.rehabilitation.models import Course
from atbalsts.tasks.models import Task
from tests.conftest import actor, make_user
from tests.hotline.conftest import A_CALL
from tests.identification.flow import interviewed, recognised_case

D = datetime.timedelta


def _page(login, user, language="en") -> str:
    http = login(user)
    http.cookies["django_language"] = language
    response = http.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _client(owner, surname):
    return create_client(actor(owner), {"given_names": "Anna", "surname": surname,
                                        "birth_date": datetime.date(1991, 2, 3)})


def _submit(people, case, received_on):
    return decisions_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": "person", "signatory_name": "X",
        "signed_on": received_on, "received_on": received_on})


@pytest.fixture
def recognised(people, orgs, client_record, clock_today):
    """The social worker's client, recognised by a commission (the police member's seat) that
    met four days ago, with an application to SIVA received ten days ago (overdue by now)."""
    case = recognised_case(people, orgs, client_record, meeting_date=clock_today - D(days=4))
    application = _submit(people, case, clock_today - D(days=10))
    assert application.deadline < clock_today
    return case, application


def _course_ending_in(client, org, days: int, today: datetime.date) -> Course:
    length = ruleset_on(today).course_max_days
    return Course.objects.create(client=client, organisation=org, start=today - D(days=length - 1 - days))


# --- the policy -------------------------------------------------------------------------------


def test_the_start_page_windows_are_dated_policy_marked_as_our_defaults(clock_today):
    rs = ruleset_on(clock_today)
    assert rs.start_page_course_ending_days > 0 and rs.start_page_recent_days > 0
    assert {"start_page_course_ending_days", "start_page_recent_days"} <= PRODUCT_DEFAULTS


# --- the social worker ------------------------------------------------------------------------


def test_the_social_worker_sees_their_tasks_cases_courses_and_sivas_answers(
        people, orgs, recognised, client_record, login, clock_today):
    _case, application = recognised
    decisions_services.decide_application(actor(people["siva"]), application, {
        "outcome": "refuse", "refusal_reason": "other", "refusal_text": "Nav pietiekami."})
    Task.objects.create(owner=people["sw"], organisation=orgs["provider_a"], title="Call the embassy",
                        due=clock_today - D(days=1))
    _course_ending_in(client_record, orgs["provider_a"], 9, clock_today)
    # Another provider's work: its client, course and task never show.
    theirs = _client(people["outsider"], "Cita")
    _course_ending_in(theirs, orgs["provider_b"], 5, clock_today)
    Task.objects.create(owner=people["outsider"], organisation=orgs["provider_b"], title="Their own task",
                        due=clock_today)

    page = _page(login, people["sw"])

    for section in ('data-section="tasks"', 'data-section="casework"'):
        assert section in page
    assert 'data-section="siva"' not in page and 'data-section="members"' not in page
    assert "Call the embassy" in page and "overdue" in page
    assert "Their own task" not in page
    assert "Recognised as a victim" in page  # the case's stage, by its label
    assert "recognised</dt>" not in page  # never the code
    assert f"/rehabilitation/{client_record.case_number}/" in page
    assert "9 days left" in page
    assert theirs.case_number not in page
    assert application.reference in page and "Refuse" in page
    shown = AuditEvent.objects.filter(actor_id=people["sw"].pk, action=Action.LIST, object_type="rehabilitation_course")
    assert shown.exists()


def test_a_colleague_off_the_case_team_sees_none_of_the_clients_work(people, orgs, client_record, login,
                                                                      clock_today):
    _course_ending_in(client_record, orgs["provider_a"], 3, clock_today)
    page = _page(login, people["psy"])
    assert 'data-section="casework"' in page
    assert client_record.case_number not in page


def test_the_social_workers_page_costs_the_same_few_queries_however_many_cases(
        people, orgs, client_record, login, clock_today, django_assert_max_num_queries):
    sw = actor(people["sw"])

    def add_cases(first: int, count: int) -> None:
        for n in range(first, first + count):
            client = _client(people["sw"], f"Klients{n}")
            identification_services.open_case(sw, client)
            _course_ending_in(client, orgs["provider_a"], n, clock_today)
            Task.objects.create(owner=people["sw"], organisation=orgs["provider_a"], title=f"Task {n}",
                                due=clock_today + D(days=n))

    http = login(people["sw"])
    add_cases(0, 1)
    http.get("/")  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        assert http.get("/").status_code == 200
    add_cases(1, 6)
    with django_assert_max_num_queries(60) as many:
        assert http.get("/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# --- SIVA -------------------------------------------------------------------------------------


def test_siva_sees_overdue_applications_the_queue_and_the_links(people, recognised, login):
    _case, application = recognised
    page = _page(login, people["siva"])
    assert 'data-section="siva"' in page and 'data-section="tasks"' not in page
    assert application.reference in page and "overdue" in page
    assert "/decisions/inbox/" in page and "/decisions/queue/" in page
    # The provider's own page has no SIVA section.
    assert 'data-section="siva"' not in _page(login, people["sw"])


# --- the State Police member of a commission --------------------------------------------------


def test_the_police_member_sees_their_commissions_upcoming_and_recent(people, orgs, recognised, login,
                                                                      clock_today):
    met, _application = recognised
    sw = actor(people["sw"])
    other = _client(people["sw"], "Otra")
    case = identification_services.open_case(sw, other)
    interviewed(sw, case)
    upcoming = identification_services.convene_commission(sw, case, clock_today + D(days=3))
    identification_services.add_commission_member(sw, upcoming, Membership.objects.get(user=people["police"]).pk)
    other_police = make_user("police_b", Organisation.objects.create(name="Test police B",
                                                                     kind=OrganisationKind.STATE_POLICE),
                             Role.POLICE_OFFICIAL)

    page = _page(login, people["police"])
    assert 'data-section="commissions"' in page
    assert str(upcoming) in page and f"/identification/commissions/{upcoming.pk}/" in page
    assert str(met.commissions.get()) in page
    assert "your assessment is awaited" in page
    assert "Police official" in page  # the seat's role by its label
    # Someone without a seat sees none of them.
    theirs = _page(login, other_police)
    assert 'data-section="commissions"' in theirs and str(upcoming) not in theirs


# --- the municipality -------------------------------------------------------------------------


def _consent(people, client, recipient, categories):
    return record_consent(actor(people["sw"]), client, {
        "recipient": recipient, "categories": list(categories), "purpose": "Sadarbība",
        "valid_from": timezone.localdate(), "valid_until": None, "method": "in_person"})


def test_the_municipality_sees_what_is_shared_with_it_and_the_consents_given_and_withdrawn(
        people, orgs, client_record, login):
    _consent(people, client_record, orgs["municipal"], ["identity", "course"])
    gone = _client(people["sw"], "Atsaukta")
    withdraw_consent(actor(people["sw"]), gone, _consent(people, gone, orgs["municipal"], ["contact"]))
    other_municipality = Organisation.objects.create(name="Test municipal B",
                                                     kind=OrganisationKind.MUNICIPAL_SOCIAL_SERVICE)
    elsewhere = make_user("municipal_b", other_municipality, Role.MUNICIPAL_SOCIAL_WORKER)

    page = _page(login, people["municipal"])
    assert 'data-section="municipal"' in page
    assert f"/clients/{client_record.case_number}/shared/" in page
    assert "Course status and dates" in page  # categories by their labels
    assert gone.case_number in page and "withdrawn" in page
    assert f"/clients/{gone.case_number}/shared/" not in page  # no link to what is no longer shared
    theirs = _page(login, elsewhere)
    assert client_record.case_number not in theirs and gone.case_number not in theirs


# --- the hotline ------------------------------------------------------------------------------


def test_the_hotline_operator_sees_new_contacts_reports_to_follow_up_and_open_referrals(people, orgs, login):
    contact = record_contact(actor(people["hotline"]), dict(A_CALL))
    report = submit_report(orgs["hotline"], {"what_happened": "Aizdomas", "language": "lv", "danger_now": "yes"})
    referral = referrals_services.send_referral(actor(people["hotline"]), recipient=orgs["provider_a"],
                                                type_code="hotline_to_provider",
                                                summary={"channel": "phone", "forms": ["forced_labour"]})
    other_hotline = Organisation.objects.create(name="Test hotline B", kind=OrganisationKind.HOTLINE)
    theirs = submit_report(other_hotline, {"what_happened": "Cits", "language": "lv", "danger_now": "no"})

    page = _page(login, people["hotline"])
    assert 'data-section="hotline"' in page
    assert contact.reference in page and "Phone" in page
    assert report.reference in page and "in danger now" in page
    assert referral.reference in page
    assert theirs.reference not in page
    assert "Aizdomas" not in page  # never the free text


# --- the organisation's administrator ---------------------------------------------------------


def test_the_org_admin_sees_their_organisations_users_and_roles_and_the_reading_is_recorded(
        people, orgs, login):
    Membership.objects.filter(user=people["psy"]).update(is_active=False)
    page = _page(login, people["org_admin"])
    assert 'data-section="members"' in page and "/organisation/users/" in page

    http = login(people["org_admin"])
    http.cookies["django_language"] = "en"
    listing = http.get("/organisation/users/").content.decode()
    assert "Social worker" in listing and "Psychologist" in listing and "switched off" in listing
    assert f'data-user="{people["sw"].pk}"' in listing
    assert f'data-user="{people["outsider"].pk}"' not in listing  # provider B
    assert f'data-user="{people["siva"].pk}"' not in listing
    assert "social_worker" not in listing
    assert AuditEvent.objects.filter(actor_id=people["org_admin"].pk, action=Action.LIST,
                                     object_type="organisation_members").exists()


@pytest.mark.parametrize("who", ["sw", "outsider", "siva", "municipal", "hotline", "sys_admin"])
def test_the_users_page_is_not_found_for_anyone_but_an_org_admin(people, login, who):
    assert login(people[who]).get("/organisation/users/").status_code == 404


def test_another_organisations_admin_sees_only_their_own_people(people, orgs, login):
    admin_b = make_user("admin_b", orgs["provider_b"], Role.ORG_ADMIN)
    http = login(admin_b)
    listing = http.get("/organisation/users/").content.decode()
    assert f'data-user="{people["outsider"].pk}"' in listing
    assert f'data-user="{people["sw"].pk}"' not in listing


def test_a_user_with_several_roles_sees_a_section_for_each(orgs, login):
    both = make_user("both", orgs["provider_a"], Role.SOCIAL_WORKER, Role.ORG_ADMIN)
    page = _page(login, both)
    for section in ("tasks", "casework", "members"):
        assert f'data-section="{section}"' in page


def test_the_page_is_in_latvian(people, client_record, login):
    page = _page(login, people["sw"], language="lv")
    assert "Mani atvērtie uzdevumi" in page
    assert "My open tasks" not in page


def test_the_coordinator_is_still_sent_to_the_statistics_dashboard(people, login):
    response = login(people["statistician"]).get("/")
    assert response.status_code == 302 and response["Location"] == "/statistics/"
