"""The client list: stage column, filters, sorting, keyset paging, scope and query counts."""

import datetime
import re

import pytest
from django.utils import timezone

from atbalsts.accounts.models import Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions.models import Application
from atbalsts.identification.models import Case, RecognitionGround
from atbalsts.people.models import CaseTeamMember, Client
from atbalsts.people.services import create_client
from atbalsts.rehabilitation.models import Course
from tests.conftest import actor, make_user

CASE = re.compile(r"AT-[A-Z0-9]{7}")


def _new(people, n=1, surname="Ozola", who="sw"):
    sw = actor(people[who])
    return [create_client(sw, {"given_names": "Anna", "surname": surname}) for _ in range(n)]


def _case(client, people, status):
    return Case.objects.create(client=client, organisation=client.organisation, opened_by=people["sw"], status=status)


def _course(client, start, **kw):
    return Course.objects.create(client=client, organisation=client.organisation, start=start, **kw)


def _stages(people, today):
    """One client at each stage; returns {stage code: client}."""
    first, interview, commission, siva, course, aftercare, closed = _new(people, 7)
    _case(first, people, "open")
    _case(interview, people, "interviewed")
    _case(commission, people, "commission")
    case = _case(siva, people, "recognised")
    ground = RecognitionGround.objects.create(case=case, ground="commission", recorded_by=people["sw"])
    Application.objects.create(case=case, organisation=siva.organisation, ground=ground, submitted_by=people["sw"],
                               received_on=today, deadline=today + datetime.timedelta(days=3),
                               signatory="person", signatory_name="A. O.", signed_on=today)
    _course(course, today - datetime.timedelta(days=10))
    _course(aftercare, today - datetime.timedelta(days=300))  # the 180 days ran out 120 days ago
    _case(closed, people, "not_recognised")
    return {"first_contact": first, "interview": interview, "commission": commission, "siva": siva,
            "course": course, "aftercare": aftercare, "closed": closed}


def _rows(response):
    body = response.content.decode().split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return list(dict.fromkeys(CASE.findall(body)))  # each row names its case twice (link and text)


def test_the_stage_column_names_each_stage_in_words(people, login, clock_today):
    made = _stages(people, clock_today)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    page = http.get("/clients/").content.decode()
    words = {"first_contact": "First contact", "interview": "Interview", "commission": "Specialist commission",
             "siva": "Awaiting SIVA", "course": "Rehabilitation course", "aftercare": "After-care", "closed": "Closed"}
    for code, client in made.items():
        row = page.split(client.case_number, 2)[2].split("</tr>", 1)[0]
        assert words[code] in row, code
        assert f">{code}<" not in page


@pytest.mark.parametrize("stage", ["first_contact", "interview", "commission", "siva", "course", "aftercare",
                                   "closed"])
def test_the_stage_filter_keeps_only_that_stage(people, login, clock_today, stage):
    made = _stages(people, clock_today)
    response = login(people["sw"]).get("/clients/", {"stage": stage})
    assert _rows(response) == [made[stage].case_number]


def test_a_latvian_list_shows_the_stage_in_latvian(people, login, clock_today):
    _stages(people, clock_today)
    http = login(people["sw"])
    http.cookies["django_language"] = "lv"
    page = http.get("/clients/").content.decode()
    assert "Rehabilitation course" not in page and "First contact" not in page


def test_the_worker_filter_keeps_cases_with_that_colleague_on_the_team(people, login):
    shared, alone = _new(people, 2)
    CaseTeamMember.objects.create(client=shared, user=people["psy"], role=Role.PSYCHOLOGIST)
    http = login(people["sw"])
    assert _rows(http.get("/clients/", {"worker": people["psy"].pk})) == [shared.case_number]
    assert sorted(_rows(http.get("/clients/", {"worker": people["sw"].pk}))) == sorted(
        [shared.case_number, alone.case_number])


def test_a_worker_from_another_organisation_is_refused_with_a_message(people, login):
    _new(people)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.get("/clients/", {"worker": people["outsider"].pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert _rows(response) == []


def test_course_ending_within_n_days_counts_from_the_policy_course_length(people, login, clock_today):
    ends_in_5, ends_in_40, closed = _new(people, 3)
    # 180 days including the start day: the last day is start + 179.
    _course(ends_in_5, clock_today - datetime.timedelta(days=174))
    _course(ends_in_40, clock_today - datetime.timedelta(days=139))
    _course(closed, clock_today - datetime.timedelta(days=174), actual_end=clock_today - datetime.timedelta(days=1),
            closure_reason="withdrew")
    http = login(people["sw"])
    assert _rows(http.get("/clients/", {"ending_within": 5})) == [ends_in_5.case_number]
    assert _rows(http.get("/clients/", {"ending_within": 4})) == []
    assert sorted(_rows(http.get("/clients/", {"ending_within": 40}))) == sorted(
        [ends_in_5.case_number, ends_in_40.case_number])


@pytest.mark.parametrize("value", ["0", "366", "-3", "ten", "9" * 30])
def test_an_out_of_range_number_of_days_is_explained(people, login, value):
    _new(people)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.get("/clients/", {"ending_within": value})
    assert response.status_code == 400
    assert "Course ends within (days)" in response.content.decode()
    assert _rows(response) == []


def test_the_aftercare_filter_keeps_open_windows_only(people, login, clock_today):
    ran_out, closed_ok, died, long_ago, running = _new(people, 5)
    _course(ran_out, clock_today - datetime.timedelta(days=300))
    _course(closed_ok, clock_today - datetime.timedelta(days=100), actual_end=clock_today - datetime.timedelta(days=20),
            closure_reason="goals_reached")
    _course(died, clock_today - datetime.timedelta(days=100), actual_end=clock_today - datetime.timedelta(days=20),
            closure_reason="died")
    _course(long_ago, clock_today - datetime.timedelta(days=1200))  # the two-year window has passed
    _course(running, clock_today - datetime.timedelta(days=3))
    response = login(people["sw"]).get("/clients/", {"aftercare_open": "on"})
    assert sorted(_rows(response)) == sorted([ran_out.case_number, closed_ok.case_number])


def test_sorting_by_case_number_and_by_oldest(people, login):
    made = _new(people, 4)
    http = login(people["sw"])
    numbers = [c.case_number for c in made]
    assert _rows(http.get("/clients/", {"sort": "case_number"})) == sorted(numbers)
    assert _rows(http.get("/clients/", {"sort": "oldest"})) == numbers
    assert _rows(http.get("/clients/")) == numbers[::-1]


@pytest.mark.parametrize("sort", ["newest", "oldest", "case_number"])
def test_paging_through_equal_names_and_equal_dates_loses_and_repeats_nothing(people, login, sort):
    made = _new(people, 120, surname="Bērziņa")
    # The same opening moment for all: only the tie-breaker tells them apart.
    Client.objects.filter(pk__in=[c.pk for c in made]).update(created_at=timezone.now())
    http = login(people["sw"])
    seen, pages, response = [], [], http.get("/clients/", {"sort": sort})
    while True:
        pages.append(_rows(response))
        seen += pages[-1]
        page = response.context["page"]
        if not page.has_next:
            break
        response = http.get("/clients/", {"sort": sort, "after": page.next_cursor})
    assert len(pages) == 3 and [len(p) for p in pages] == [50, 50, 20]
    assert len(seen) == len(set(seen)) == 120
    assert set(seen) == {c.case_number for c in made}
    # And back again: the previous links give the same pages.
    back = http.get("/clients/", {"sort": sort, "before": response.context["page"].previous_cursor})
    assert _rows(back) == pages[1]
    first = http.get("/clients/", {"sort": sort, "before": back.context["page"].previous_cursor})
    assert _rows(first) == pages[0] and not first.context["page"].has_previous


def test_page_links_keep_the_filters_and_carry_no_offset(people, login, clock_today):
    made = _new(people, 51)
    for c in made:
        _case(c, people, "interviewed")
    page = login(people["sw"]).get("/clients/", {"stage": "interview", "sort": "oldest"}).content.decode()
    link = re.search(r'href="\?([^"]+)" rel="next"', page).group(1)
    assert "stage=interview" in link and "sort=oldest" in link and "after=" in link
    assert "page=" not in link and "offset" not in link


@pytest.mark.parametrize("cursor", ["garbage", "eyJzIjoibmV3ZXN0In0:1abc:xyz", "x" * 400])
def test_a_bad_page_link_gets_a_message_not_an_error(people, login, cursor):
    _new(people)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.get("/clients/", {"after": cursor})
    assert response.status_code == 400
    assert "This page link is not valid" in response.content.decode()


def test_a_page_link_of_another_sort_is_refused(people, login):
    _new(people, 51)
    http = login(people["sw"])
    cursor = http.get("/clients/").context["page"].next_cursor
    assert http.get("/clients/", {"after": cursor}).status_code == 200
    assert http.get("/clients/", {"after": cursor, "sort": "case_number"}).status_code == 400


def test_another_teams_and_another_organisations_clients_never_appear(people, login, orgs, clock_today):
    mine = _new(people, 2)
    theirs = _new(people, 2, who="outsider")
    colleague = make_user("colleague", orgs["provider_a"], Role.SOCIAL_WORKER)
    not_mine = create_client(actor(colleague), {"given_names": "Ilze", "surname": "Ozola"})
    _course(not_mine, clock_today - datetime.timedelta(days=3))
    http = login(people["sw"])
    for params in ({}, {"stage": "course"}, {"sort": "case_number"}, {"worker": colleague.pk},
                   {"ending_within": 365}):
        rows = _rows(http.get("/clients/", params))
        assert not_mine.case_number not in rows
        assert not {c.case_number for c in theirs} & set(rows)
    assert sorted(_rows(http.get("/clients/"))) == sorted(c.case_number for c in mine)


def test_each_page_shown_is_recorded_in_the_audit_trail(people, login):
    made = _new(people, 3)
    login(people["sw"]).get("/clients/", {"sort": "case_number"})
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="client").latest("seq")
    assert sorted(event.detail["case_numbers"]) == sorted(c.case_number for c in made)


def test_no_name_enters_the_address_of_a_page_link(people, login):
    _new(people, 51, surname="Kalniņa")
    page = login(people["sw"]).get("/clients/").content.decode()
    link = re.search(r'href="\?([^"]+)" rel="next"', page).group(1)
    from django.core import signing
    token = link.split("after=", 1)[1]
    from urllib.parse import unquote
    assert "Kalni" not in signing.loads(unquote(token), salt="atbalsts.people.client-list").__repr__()


def _add_clients(people, n):
    for i, c in enumerate(_new(people, n)):
        if i % 3 == 0:
            _course(c, timezone.localdate() - datetime.timedelta(days=i))
        CaseTeamMember.objects.create(client=c, user=people["psy"], role=Role.PSYCHOLOGIST)


def _list_queries(http, expected_rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = http.get("/clients/", {"sort": "case_number"})
    assert len(_rows(response)) == expected_rows
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_number_of_queries_for_3_or_30_clients(people, login, django_assert_max_num_queries):
    http = login(people["sw"])
    _add_clients(people, 3)
    http.get("/clients/")  # the session's first request may renew it
    few = _list_queries(http, 3)
    _add_clients(people, 27)
    assert _list_queries(http, 30) == few
    with django_assert_max_num_queries(few):
        http.get("/clients/", {"stage": "course", "aftercare_open": "on", "worker": people["psy"].pk})


def test_the_stage_is_worked_out_for_the_rows_of_the_page_only(people, login):
    # Asked over the whole caseload, PostgreSQL builds every stage test for every case and course
    # of the register before the first row (issue 14); the page's ids come first instead.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _add_clients(people, 4)
    http = login(people["sw"])
    http.get("/clients/")
    with CaptureQueriesContext(connection) as ctx:
        response = http.get("/clients/")
    stage_sql = [q["sql"] for q in ctx.captured_queries if "rehabilitation_course" in q["sql"]]
    assert len(stage_sql) == 1
    assert re.search(r'"people_client"\."id" IN \(SELECT .* LIMIT 51\)', stage_sql[0])
    # And the stage is still each row's own: those with a running course, and only they.
    with_course = set(Course.objects.values_list("client_id", flat=True))
    stages = {c.pk: c.stage for c in response.context["clients"]}
    assert len(stages) == 4 and len(with_course) == 2
    assert {pk for pk, stage in stages.items() if stage == "course"} == with_course


# Outside a test transaction, as in production (no ATOMIC_REQUESTS): the audit write then costs
# no savepoints, which a test transaction would add and the server never runs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_client_page_runs_a_fixed_small_number_of_queries(people, login, orgs, clock_today,
                                                              django_assert_max_num_queries):
    from atbalsts.people.models import Consent, ConsentMethod

    client = _new(people)[0]
    _case(client, people, "interviewed")
    _course(client, clock_today - datetime.timedelta(days=10))
    for _ in range(3):
        Consent.objects.create(client=client, recipient=orgs["municipal"], categories=["course"], purpose="x",
                               valid_from=clock_today, method=ConsentMethod.IN_PERSON, recorded_by=people["sw"])
    http = login(people["sw"])
    http.get("/clients/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = http.get(f"/clients/{client.case_number}/")
    assert response.status_code == 200
    # Statements that read or write data; the transaction's own BEGIN and COMMIT (logged on
    # PostgreSQL) are not queries of the page. The audit's chain lock is one on PostgreSQL.
    statements = [q["sql"] for q in ctx.captured_queries
                  if q["sql"].split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")]
    assert len(statements) <= 12, "\n".join(statements)
    # One read event names the consents shown: no separate list event for the same page.
    event = AuditEvent.objects.filter(object_type="client").latest("seq")
    assert event.action == Action.READ and len(event.detail["consents"]) == 3


def test_the_api_pages_through_next_and_previous_links_with_filters(people, login):
    made = _new(people, 120)
    Client.objects.filter(pk__in=[c.pk for c in made]).update(created_at=timezone.now())
    http = login(people["sw"])
    first = http.get("/api/clients/", {"sort": "case_number"}).json()
    assert first["previous"] is None and "sort=case_number" in first["next"]
    second = http.get(first["next"]).json()
    third = http.get(second["next"]).json()
    assert third["next"] is None
    seen = [r["case_number"] for page in (first, second, third) for r in page["results"]]
    assert seen == sorted(c.case_number for c in made)
    back = http.get(third["previous"]).json()
    assert back["results"] == second["results"]
    assert {r["stage"] for r in first["results"]} == {"first_contact"}
    assert first["results"][0]["stage_label"]


def test_the_api_ignores_a_page_number_and_pages_the_newest_first(people, login):
    made = _new(people, 51)
    http = login(people["sw"])
    assert http.get("/api/clients/", {"page": 2}).json()["results"] == http.get("/api/clients/").json()["results"]
    rest = http.get(http.get("/api/clients/").json()["next"]).json()
    assert [r["case_number"] for r in rest["results"]] == [made[0].case_number]


def test_the_api_filters_by_stage_and_refuses_bad_filters_and_cursors(people, login, clock_today):
    made = _stages(people, clock_today)
    http = login(people["sw"])
    rows = http.get("/api/clients/", {"stage": "course"}).json()["results"]
    assert [r["case_number"] for r in rows] == [made["course"].case_number]
    assert http.get("/api/clients/", {"ending_within": 366}).status_code == 400
    assert http.get("/api/clients/", {"stage": "nonsense"}).status_code == 400
    bad = http.get("/api/clients/", {"cursor": "not-a-cursor"}, headers={"Accept-Language": "en"})
    assert bad.status_code == 404 and "not valid" in bad.json()["detail"]


def test_the_api_list_never_shows_another_teams_clients(people, login):
    _new(people, 2, who="outsider")
    mine = _new(people, 1)
    rows = login(people["sw"]).get("/api/clients/", {"ending_within": 30}).json()["results"]
    assert rows == []
    rows = login(people["sw"]).get("/api/clients/").json()["results"]
    assert [r["case_number"] for r in rows] == [mine[0].case_number]
