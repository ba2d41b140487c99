"""``/api/identification/cases/`` (issue 14): the page's cases with their grounds in a fixed
number of queries, the same rows, order and fields as before, the same scope; paged by position
(signed ``after``/``before`` links, no count, no page number)."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atbalsts.identification import access
from atbalsts.identification.api import CaseSerializer
from atbalsts.identification.models import Case, RecognitionGround
from atbalsts.people.models import CaseTeamMember
from atbalsts.people.services import create_client
from tests.conftest import actor

URL = "/api/identification/cases/"


def _clients(people, n, who="sw"):
    return [create_client(actor(people[who]), {"given_names": "Anna", "surname": f"Ozola{i}"}) for i in range(n)]


def _cases(people, clients, per_client=2, who="sw"):
    """Cases opened at shuffled, distinct moments (so the order is not the ids'), some with
    grounds that name a standing, some with the exploitation's start or age."""
    rng = random.Random(5)
    cases = []
    for client in clients:
        for _ in range(per_client):
            cases.append(
                Case.objects.create(
                    client=client,
                    organisation=client.organisation,
                    opened_by=people[who],
                    status=rng.choice(["open", "interviewed"]),
                )
            )
    moments = list(range(len(cases)))
    rng.shuffle(moments)
    base = timezone.now() - datetime.timedelta(days=400)
    for i, (case, moment) in enumerate(zip(cases, moments, strict=True)):
        Case.objects.filter(pk=case.pk).update(opened_at=base + datetime.timedelta(hours=moment))
        if i % 3 == 0:
            RecognitionGround.objects.create(
                case=case, ground="proceedings", standing="witness", recorded_by=people[who]
            )
            RecognitionGround.objects.create(
                case=case, ground="foreign", standing="victim" if i % 2 else "", recorded_by=people[who]
            )
        if i % 4 == 1:
            case.exploitation_began_on = datetime.date(2024, 5, i % 28 + 1)
            case.save(update_fields=["exploitation_began_on"])
        if i % 4 == 2:
            case.exploitation_began_age = "16"
            case.save(update_fields=["exploitation_began_age"])
    return cases


def _old(people, who="sw"):
    """The list as computed before: every visible case with its client, newest first (and, as the
    pages now tell equal opening times apart, the newest id first among them)."""
    return CaseSerializer(access.cases_visible_to(actor(people[who])).order_by("-opened_at", "-pk"), many=True).data


def _walk(http, url=URL):
    """Every page from the first by the ``next`` links, then back by the ``previous`` links."""
    pages = [http.get(url).json()]
    while pages[-1]["next"]:
        pages.append(http.get(pages[-1]["next"]).json())
    back = [pages[-1]]
    while back[-1]["previous"]:
        back.append(http.get(back[-1]["previous"]).json())
    return pages, back[::-1]


def test_the_pages_hold_the_old_list_in_order_with_every_field(people, login):
    mine = _clients(people, 30)
    _cases(people, mine)
    _cases(people, _clients(people, 2, who="outsider"), who="outsider")
    # A client of the organisation whose team sw is not on.
    hidden = _clients(people, 1)[0]
    CaseTeamMember.objects.filter(client=hidden, user=people["sw"]).delete()
    _cases(people, [hidden])
    http = login(people["sw"])
    first = http.get(URL).json()
    second = http.get(first["next"]).json()
    assert set(first) == {"next", "previous", "results"} and first["previous"] is None
    assert "after=" in first["next"] and "page=" not in first["next"]
    assert second["next"] is None and len(first["results"]) == 50 and "before=" in second["previous"]
    assert http.get(second["previous"]).json() == first
    got = first["results"] + second["results"]
    assert got == [dict(row) for row in _old(people)]
    assert len({row["id"] for row in got}) == 60
    assert {row["proceedings_standing"] for row in got} == {"", "victim", "witness"}
    assert any(row["exploitation_began_on"] for row in got) and any(row["exploitation_began_age"] for row in got)


def test_the_list_asks_the_same_number_of_queries_for_one_case_and_for_many(people, login):
    http = login(people["sw"])
    _cases(people, _clients(people, 1), per_client=1)
    http.get(URL)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = http.get(URL)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json()["results"])

    one = queries()
    _cases(people, _clients(people, 20), per_client=3)
    assert one[1] == 1 and queries() == (one[0], 50)


@pytest.mark.parametrize("persona, status", [("outsider", 200), ("psy", 200), ("siva", 403), ("statistician", 403)])
def test_the_scope_is_unchanged(people, login, persona, status):
    _cases(people, _clients(people, 2))
    response = login(people[persona]).get(URL)
    assert response.status_code == status
    if status == 200:
        assert response.json()["results"] == []


def test_equal_opening_times_are_neither_lost_nor_repeated_across_pages(people, login, settings):
    """Many cases opened at the same moment, pages of 10: forward and back give the old list."""
    settings.ATBALSTS_CASEWORK_PAGE_SIZE = 10
    cases = _cases(people, _clients(people, 23))
    moment = timezone.now() - datetime.timedelta(days=3)
    Case.objects.filter(pk__in=[c.pk for c in cases[::2]]).update(opened_at=moment)
    Case.objects.filter(pk__in=[c.pk for c in cases[1:9]]).update(opened_at=moment + datetime.timedelta(hours=1))
    pages, back = _walk(login(people["sw"]))
    expected = [dict(row) for row in _old(people)]
    assert len(pages) == 5 and [len(p["results"]) for p in pages] == [10, 10, 10, 10, 6]
    assert [row for p in pages for row in p["results"]] == expected
    assert [p["results"] for p in back] == [p["results"] for p in pages]


def test_a_case_opened_between_two_pages_does_not_shift_them(people, login, settings):
    settings.ATBALSTS_CASEWORK_PAGE_SIZE = 10
    _cases(people, _clients(people, 10))
    http = login(people["sw"])
    first = http.get(URL).json()
    newest = _cases(people, _clients(people, 1), per_client=1)[0]
    Case.objects.filter(pk=newest.pk).update(opened_at=timezone.now())  # before the first page's rows
    second = http.get(first["next"]).json()
    shown = [r["id"] for r in first["results"] + second["results"]]
    assert newest.pk not in shown and len(set(shown)) == 20
    assert shown == [r["id"] for r in _old(people) if r["id"] != newest.pk][:20]


@pytest.mark.parametrize("param", ["after", "before"])
@pytest.mark.parametrize("bad", ["x", "eyJhIjoxfQ:1abc:def", "a" * 400, "[1]"])
def test_a_link_the_list_did_not_make_is_a_400_naming_the_parameter(people, login, param, bad):
    _cases(people, _clients(people, 1))
    http = login(people["sw"])
    response = http.get(URL, {param: bad}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {param: ["This page link is not valid: it may have been changed, cut short or be "
                                       "for another list."]}
    assert http.get(URL, {param: bad}).json() == {param: [
        "Šī lapas saite nav derīga: tā var būt mainīta, saīsināta vai domāta citam sarakstam."]}


def test_a_link_of_another_list_is_refused(people, login):
    from types import SimpleNamespace

    from atbalsts.decisions.access import INBOX_ORDER

    case = _cases(people, _clients(people, 1), per_client=1)[0]
    foreign = INBOX_ORDER.make(SimpleNamespace(deadline=datetime.date(2026, 1, 1),
                                               received_on=datetime.date(2026, 1, 1), pk=case.pk))
    http = login(people["sw"])
    assert http.get(URL, {"after": foreign}).status_code == 400
    assert http.get(URL, {"before": foreign}).status_code == 400


def test_page_numbers_are_not_read(people, login):
    _cases(people, _clients(people, 30))
    http = login(people["sw"])
    assert http.get(URL, {"page": "2"}).json()["results"] == http.get(URL).json()["results"]


def test_the_list_is_documented_as_paged_by_position(people, login):
    schema = login(people["sw"]).get("/api/schema/", {"format": "json"},
                                     HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"][URL]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    paged = schema["components"]["schemas"][ok["$ref"].rsplit("/", 1)[-1]]
    assert set(paged["properties"]) == {"next", "previous", "results"}
    assert {p["name"] for p in operation["parameters"]} >= {"after", "before"}
    assert "page" not in {p["name"] for p in operation["parameters"]}
    assert "**Paging.**" in operation["description"]


def test_the_shown_cases_are_recorded(people, login):
    from atbalsts.audit.models import AuditEvent

    cases = _cases(people, _clients(people, 2), per_client=1)
    login(people["sw"]).get(URL)
    event = AuditEvent.objects.filter(action="list", object_type="identification_case").latest("pk")
    assert sorted(event.detail["refs"]) == sorted(c.reference for c in cases)
