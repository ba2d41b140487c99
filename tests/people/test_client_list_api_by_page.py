"""``/api/clients/`` works the stage out for the rows of the page only (issue 14), as the page
does: the same rows in the same order as when the stage was annotated over the whole caseload,
no row lost or repeated across pages, a fixed number of queries, the same scope."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atbalsts.people import access, caseload
from atbalsts.people.models import CaseTeamMember, Client
from tests.conftest import actor
from tests.people.test_client_list import _new, _stages


def _old(people, today, **filters):
    """The list as the API computed it before: the stage annotated over the whole caseload, in the
    sort's order, every row."""
    f = caseload.ListFilters(**filters)
    qs = f.apply(access.clients_visible_to(actor(people["sw"])).only(*access.LIST_FIELDS), today)
    return [
        (c.case_number, c.stage, str(caseload.Stage.label(c.stage))) for c in qs.order_by(*caseload.order_by(f.sort))
    ]


def _walk(http, query):
    pages, link, params = [], "/api/clients/", query
    while link:
        response = http.get(link, params)
        assert response.status_code == 200, response.content
        pages.append(response.json())
        link, params = pages[-1]["next"], None
        assert len(pages) < 10
    return pages


@pytest.fixture
def caseload_of_many(people, clock_today):
    """Every stage, a colleague on some teams, another team's and another organisation's clients,
    and enough plain ones for three pages, some opened at the same moment."""
    made = _stages(people, clock_today)
    plain = _new(people, 100)
    Client.objects.filter(pk__in=[c.pk for c in plain[:40]]).update(created_at=timezone.now())
    for client in [*plain[::7], made["course"], made["siva"]]:
        CaseTeamMember.objects.get_or_create(client=client, user=people["psy"])
    _new(people, 3, who="outsider")
    _new(people, 2, who="psy")  # the psychologist's own, not on sw's team
    return made


@pytest.mark.parametrize(
    "query, filters",
    [
        ({}, {}),
        ({"sort": "oldest"}, {"sort": "oldest"}),
        ({"sort": "case_number"}, {"sort": "case_number"}),
        ({"stage": "first_contact", "sort": "oldest"}, {"stage": "first_contact", "sort": "oldest"}),
        ({"stage": "course"}, {"stage": "course"}),
        ({"worker": "PSY"}, {"worker": "PSY"}),
        ({"aftercare_open": "true"}, {"aftercare_open": True}),
        ({"ending_within": 365}, {"ending_within": 365}),
    ],
)
def test_the_pages_hold_the_old_list_with_its_stages_in_order(
    people, login, clock_today, caseload_of_many, query, filters
):
    if query.get("worker") == "PSY":
        query, filters = {"worker": people["psy"].pk}, {"worker": people["psy"].pk}
    http = login(people["sw"])
    pages = _walk(http, query)
    got = [(r["case_number"], r["stage"], r["stage_label"]) for page in pages for r in page["results"]]
    old = _old(people, clock_today, **filters)
    assert got == old
    assert len(set(got)) == len(got)
    if not query or query == {"sort": "oldest"}:
        assert len(pages) == 3 and {r[1] for r in got} >= {"course", "siva", "aftercare", "closed"}
        # Back from the last page: the page before, exactly.
        assert http.get(pages[2]["previous"]).json()["results"] == pages[1]["results"]


def test_the_stage_is_asked_for_the_rows_of_the_page_only(people, login, clock_today, caseload_of_many):
    http = login(people["sw"])
    http.get("/api/clients/")
    with CaptureQueriesContext(connection) as ctx:
        rows = http.get("/api/clients/").json()["results"]
    stage_sql = [q["sql"] for q in ctx.captured_queries if "rehabilitation_course" in q["sql"]]
    assert len(stage_sql) == 1
    # The stage is asked of the page's ids (the scope, the filters and the position chose them).
    assert re.search(r'"people_client"\."id" IN \(SELECT .* LIMIT 51\)', stage_sql[0])
    assert len(rows) == 50


def test_the_list_asks_the_same_number_of_queries_for_one_client_and_for_many(people, login):
    http = login(people["sw"])
    _new(people, 1)
    http.get("/api/clients/")

    def queries(**query):
        with CaptureQueriesContext(connection) as ctx:
            response = http.get("/api/clients/", query)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json()["results"])

    one = queries()
    one_filtered = queries(stage="first_contact", sort="case_number")
    _new(people, 60)
    assert queries() == (one[0], 50)
    assert queries(stage="first_contact", sort="case_number") == (one_filtered[0], 50)
    assert one[1] == 1


def test_the_scope_is_unchanged(people, login, clock_today):
    _new(people, 2, who="outsider")
    mine = _new(people, 1)
    assert login(people["outsider"]).get("/api/clients/").json()["results"][0]["case_number"] != mine[0].case_number
    assert [r["case_number"] for r in login(people["sw"]).get("/api/clients/").json()["results"]] == [
        mine[0].case_number
    ]
    for persona in ("siva", "statistician", "sys_admin"):
        assert login(people[persona]).get("/api/clients/").status_code == 403
    assert login(people["psy"]).get("/api/clients/").json()["results"] == []
