"""The municipal case list through the API (issue 14): a page at a time by position, in the HTML
list's order (the newest first), each case with every documented field exactly as the old
whole-list computation gave it (the steps, the provider's client, the steps allowed next), in a
fixed number of queries whatever the number of cases; a link the list did not make is a 400 in
the reader's language; who may read it is unchanged."""

import datetime
import json
import urllib.parse

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from atbalsts.accounts.models import Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.lib import keyset
from atbalsts.municipal import access, services
from atbalsts.municipal.api import CaseTeamSerializer, MunicipalCaseSerializer
from atbalsts.municipal.models import CaseStatus, CaseStep, MunicipalCase, Step
from tests.conftest import actor, make_user

URL = "/api/municipal/cases/"


def _as_json(data):
    return json.loads(JSONRenderer().render(data))


def _whole(user):
    """The list as it was computed before the paging: every visible case, newest first, with its
    steps prefetched, the provider's client read per case and the allowed steps asked per case."""
    cases = list(access.cases_visible_to(actor(user)).prefetch_related("steps"))
    return _as_json(MunicipalCaseSerializer(cases, many=True).data)


def _open(user, i):
    return services.open_case(
        actor(user),
        {
            "contact_stage": ["before", "during", "after", "not_related"][i % 4],
            "person": {"given_names": f"P{i}", "surname": "Bērziņa"},
        },
    )


def _step(case, user, step, at, **fields):
    row = CaseStep.objects.create(case=case, step=step, date=timezone.localdate(), recorded_by=user, **fields)
    CaseStep.objects.filter(pk=row.pk).update(recorded_at=at)
    return row


# What each case's steps are (cycled): the steps allowed next differ with the last one.
HISTORIES = [
    [],  # nothing yet: step 1
    [1, 2],  # step 2 or 3
    [1, 2, 3, 4, "continue"],  # planning or evaluating again
    [1, 2, 3, 4, "close"],  # only the follow-up
    [1, 2, 3, 4, "close", 5],  # follow-up again
    [1, 2, "late"],  # the last number (step 3) was recorded before step 2: the last is step 2
]


def _make(people, n, start=0):
    """``n`` cases of the municipality with varied steps, several opened at the same moment (told
    apart by the id), some closed, some linked to a provider's client."""
    now = timezone.now()
    made = []
    for i in range(start, start + n):
        user = people["municipal"] if i % 5 else people["municipal_b"]
        case = _open(people["municipal"], i)
        base = now - datetime.timedelta(days=30)
        history = HISTORIES[i % len(HISTORIES)]
        for k, s in enumerate(history):
            if s == "continue" or s == "close":
                continue
            if s == "late":
                _step(case, user, Step.PLAN, base + datetime.timedelta(hours=1), notes="Vēlāk ierakstīts")
                continue
            at = base + datetime.timedelta(hours=2 * (k + 1))
            extra = {}
            if s == Step.ASSESSMENT:
                extra = {
                    "interview_on": timezone.localdate(),
                    "interview_notes": f"Saruna {i}",
                    "needs": ["information"],
                }
            elif s == Step.TARGET_GROUP:
                extra = {"fits_target_group": i % 2 == 0, "risk_groups": ["trafficking"]}
                extra["health_encrypted"] = json.dumps(["trauma"])
            elif s == Step.PLAN:
                extra = {"activities": ["benefits"], "notes": "Plāns"}
            elif s == Step.EVALUATION:
                outcome = history[k + 1]
                extra = {"outcome": outcome, "follow_up_on": timezone.localdate() if outcome == "close" else None}
            _step(case, user, s, at, **extra)
        updates = {"opened_at": now - datetime.timedelta(hours=i % 3)}
        if i % 7 == 3:
            updates |= {"status": CaseStatus.CLOSED, "closed_at": now}
        if i % 4 == 1:
            updates["provider_client"] = people["_provider_client"]
        MunicipalCase.objects.filter(pk=case.pk).update(**updates)
        made.append(case)
    return made


@pytest.fixture
def people_here(people, orgs, client_record):
    """The test personas plus a second worker of the municipality, on the teams of the cases they
    record steps on, and the provider's client the cases link to."""
    second = make_user("municipal_b", orgs["municipal"], Role.MUNICIPAL_SOCIAL_WORKER)
    return {**people, "municipal_b": second, "_provider_client": client_record}


def _walk(http, url=URL):
    pages, link = [], url
    while link:
        response = http.get(link)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        pages.append(body)
        link = body["next"]
        assert len(pages) < 20
    return pages


@override_settings(ATBALSTS_CASEWORK_PAGE_SIZE=10)
def test_the_pages_hold_the_old_whole_list_in_order_without_losing_or_repeating_a_case(people_here, login):
    people = people_here
    _make(people, 23)
    # A case of the same municipality whose team is somebody else's, and another municipality's.
    _open(people["municipal_b"], 99)
    old = _whole(people["municipal"])
    assert len(old) == 23
    # The variety the items show is there.
    assert {tuple(c["allowed_steps"]) for c in old} == {(1,), (2, 3), (3, 4), (5,)}
    assert {c["provider_client"] for c in old} == {None, people["_provider_client"].case_number}
    assert {c["status"] for c in old} == {"open", "closed"}
    assert {s["recorded_by"] for c in old for s in c["steps"]} == {"municipal", "municipal_b"}
    assert len({c["opened_at"] for c in old}) == 3
    http = login(people["municipal"])
    pages = _walk(http)
    assert [len(p["results"]) for p in pages] == [10, 10, 3]
    assert [case for p in pages for case in p["results"]] == old
    assert pages[0]["previous"] is None and pages[2]["next"] is None
    # Back from each page: exactly the page before.
    assert http.get(pages[2]["previous"]).json() == pages[1]
    back = http.get(pages[1]["previous"]).json()
    assert back["results"] == pages[0]["results"] and back["previous"] is None
    # Each page read is recorded with exactly the references it showed.
    events = AuditEvent.objects.filter(action=Action.LIST, object_type="municipal_case").order_by("-pk")[:5]
    assert [len(e.detail["refs"]) for e in reversed(events)] == [10, 10, 3, 10, 10]
    assert events[2].detail["refs"] == [c["reference"] for c in pages[2]["results"]]


def test_an_item_equals_the_case_read_alone(people_here, login):
    """The case's own endpoint (the old per-case computation) gives the same item."""
    people = people_here
    _make(people, 6)
    http = login(people["municipal"])
    for item in http.get(URL).json()["results"]:
        assert http.get(f"{URL}{item['id']}/").json() == item


def test_a_page_asks_the_same_number_of_queries_for_one_case_and_for_many(people_here, login):
    people = people_here
    http = login(people["municipal"])
    _make(people, 1, start=2)
    http.get(URL)  # the session and the language are settled by the first request

    def queries(query=None):
        with CaptureQueriesContext(connection) as captured:
            response = http.get(URL, query or {})
        assert response.status_code == 200
        return len(captured.captured_queries), response.json()

    one, body = queries()
    assert len(body["results"]) == 1 and len(body["results"][0]["steps"]) == 4
    _make(people, 60)
    many, body = queries()
    assert len(body["results"]) == 50 and many == one
    deeper, body = queries(dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(body["next"]).query)))
    assert len(body["results"]) == 11 and deeper == one


@pytest.mark.parametrize(
    "language, words", [("lv", "Šī lapas saite nav derīga"), ("en", "This page link is not valid")]
)
def test_a_link_the_list_did_not_make_is_a_400_in_the_readers_language(people_here, login, language, words):
    people = people_here
    cases = _make(people, 3)
    http = login(people["municipal"])
    http.cookies["django_language"] = language
    assert len(http.get(URL).json()["results"]) == 3
    mine = access.CASE_ORDER.make(MunicipalCase.objects.get(pk=cases[0].pk))
    forged = keyset.Keyset(salt="atbalsts.decisions.inbox", keys=access.CASE_ORDER.keys).make(
        MunicipalCase.objects.get(pk=cases[0].pk)
    )
    before = AuditEvent.objects.filter(action=Action.LIST).count()
    for query, name in [
        ({"after": "x"}, "after"),
        ({"before": "eyJhIjoxfQ:1:2"}, "before"),
        ({"after": forged}, "after"),  # signed for another list
        ({"after": mine[:-3]}, "after"),  # cut short
        ({"before": "a" * 400}, "before"),
    ]:
        response = http.get(URL, query)
        assert response.status_code == 400, query
        assert words in response.json()[name][0], response.json()
    # Nothing listed, so nothing recorded as shown.
    assert AuditEvent.objects.filter(action=Action.LIST).count() == before
    # A link the list made works: the cases after the newest one.
    newest = MunicipalCase.objects.order_by("-opened_at", "-pk").first()
    assert len(http.get(URL, {"after": access.CASE_ORDER.make(newest)}).json()["results"]) == 2


def test_who_may_read_the_list_is_unchanged(people_here, orgs, login):
    people = people_here
    _make(people, 3)
    _open(people["municipal_b"], 9)
    # Providers, the police, the statistician and others: 403, with or without a position link.
    for persona in ("sw", "outsider", "police", "statistician", "siva", "org_admin"):
        http = login(people[persona])
        for query in ({}, {"after": "x"}):
            assert http.get(URL, query).status_code == 403, persona
    # A worker of another municipality, and one of this municipality on no case's team: empty.
    from atbalsts.accounts.models import Organisation, OrganisationKind

    elsewhere = Organisation.objects.create(name="Cita pašvaldība", kind=OrganisationKind.MUNICIPAL_SOCIAL_SERVICE)
    for user in (
        make_user("other_municipal", elsewhere, Role.MUNICIPAL_SOCIAL_WORKER),
        make_user("municipal_c", orgs["municipal"], Role.MUNICIPAL_SOCIAL_WORKER),
    ):
        body = login(user).get(URL).json()
        assert body == {"next": None, "previous": None, "results": []}
    # The second worker sees only the case they opened, though they recorded steps on others.
    theirs = login(people["municipal_b"]).get(URL).json()["results"]
    assert theirs == _whole(people["municipal_b"])
    assert len(theirs) == 1
    # Anonymous: 403, as before.
    assert HttpClient().get(URL).status_code == 403


def test_the_lists_are_documented_as_paged_and_the_office_consents_are_not(people, login):
    schema = (
        login(people["municipal"])
        .get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )
    listing = schema["paths"]["/api/municipal/cases/"]["get"]
    assert {p["name"] for p in listing.get("parameters", [])} >= {"after", "before"}
    body = listing["responses"]["200"]["content"]["application/json"]["schema"]
    ref = body["$ref"].rsplit("/", 1)[-1]
    envelope = schema["components"]["schemas"][ref]
    assert set(envelope["properties"]) == {"next", "previous", "results"}
    assert "municipal/cases/?after=" in envelope["properties"]["next"]["example"]
    assert "Paging" in listing["description"]
    teams = schema["paths"]["/api/municipal/cases/teams/"]["get"]
    ref = teams["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    envelope = schema["components"]["schemas"][ref]
    assert set(envelope["properties"]) == {"next", "previous", "results"}
    assert "municipal/cases/teams/?before=" in envelope["properties"]["previous"]["example"]
    assert {p["name"] for p in teams.get("parameters", [])} >= {"after", "before"}
    consents = schema["paths"]["/api/municipal/cases/{id}/office-consents/"]["get"]
    assert consents["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"


# --- the team overview (the service's team assigners) ------------------------------------------

TEAMS = "/api/municipal/cases/teams/"


@pytest.fixture
def muni_admin(orgs):
    return make_user("muni_admin", orgs["municipal"], Role.ORG_ADMIN)


def _whole_teams(user):
    """The overview as it was computed before the paging: every case of the service with its team."""
    return _as_json(CaseTeamSerializer(access.team_overview(actor(user)), many=True).data)


@override_settings(ATBALSTS_CASEWORK_PAGE_SIZE=10)
def test_the_team_overview_pages_hold_the_old_whole_list(people_here, muni_admin, login):
    people = people_here
    cases = _make(people, 22)
    # Teams of different sizes and orders: a second worker added to some cases.
    for case in cases[::3]:
        services.add_to_case_team(actor(muni_admin), case, people["municipal_b"].pk)
    _open(people["municipal_b"], 50)  # a case whose team is only the second worker
    old = _whole_teams(muni_admin)
    assert len(old) == 23 and {len(c["team"]) for c in old} == {1, 2}
    http = login(muni_admin)
    pages = _walk(http, TEAMS)
    assert [len(p["results"]) for p in pages] == [10, 10, 3]
    assert [case for p in pages for case in p["results"]] == old
    assert http.get(pages[2]["previous"]).json() == pages[1]
    events = AuditEvent.objects.filter(action=Action.LIST, object_type="municipal_case_team").order_by("-pk")[:4]
    assert [len(e.detail["refs"]) for e in reversed(events)] == [10, 10, 3, 10]
    # The same number of queries for a page of 3 and one of 10.
    counts = []
    for link in (pages[2]["previous"], f"{TEAMS}?{urllib.parse.urlsplit(pages[1]['next']).query}"):
        with CaptureQueriesContext(connection) as captured:
            assert http.get(link).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "language, words", [("lv", "Šī lapas saite nav derīga"), ("en", "This page link is not valid")]
)
def test_a_team_overview_link_it_did_not_make_is_a_400(people_here, muni_admin, login, language, words):
    people = people_here
    cases = _make(people, 2)
    http = login(muni_admin)
    http.cookies["django_language"] = language
    case_list_link = access.CASE_ORDER.make(MunicipalCase.objects.get(pk=cases[0].pk))
    for query, name in [({"after": "x"}, "after"), ({"before": case_list_link}, "before")]:
        response = http.get(TEAMS, query)
        assert response.status_code == 400 and words in response.json()[name][0]
    teams_link = access.TEAM_ORDER.make(MunicipalCase.objects.order_by("-opened_at", "-pk").first())
    assert len(http.get(TEAMS, {"after": teams_link}).json()["results"]) == 1


def test_who_may_read_the_team_overview_is_unchanged(people_here, muni_admin, orgs, login):
    from atbalsts.accounts.models import Organisation, OrganisationKind

    people = people_here
    _make(people, 2)
    elsewhere = Organisation.objects.create(name="Cita pašvaldība", kind=OrganisationKind.MUNICIPAL_SOCIAL_SERVICE)
    other_admin = make_user("other_admin", elsewhere, Role.ORG_ADMIN)
    other_worker = make_user("other_worker", elsewhere, Role.MUNICIPAL_SOCIAL_WORKER)
    # Not a municipal worker nor an assigner: 403; a municipal worker who does not assign
    # (even on the teams): 404, before the link is read; another service's assigner: its own, empty.
    for user, status in [
        (people["sw"], 403),
        (people["org_admin"], 403),
        (people["police"], 403),
        (people["municipal"], 404),
        (people["municipal_b"], 404),
        (other_worker, 404),
    ]:
        http = login(user)
        for query in ({}, {"after": "x"}):
            assert http.get(TEAMS, query).status_code == status, (user.username, query)
    assert HttpClient().get(TEAMS).status_code == 403
    assert login(other_admin).get(TEAMS).json() == {"next": None, "previous": None, "results": []}
    assert len(login(muni_admin).get(TEAMS).json()["results"]) == 2
