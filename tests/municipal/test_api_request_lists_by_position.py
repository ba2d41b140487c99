"""The information request lists through the API (issue 14): the municipality's sent requests and
the provider's incoming ones a page at a time by position, the latest sent first, each item as
the old whole-list computation gave it, in a fixed number of queries; a link the list did not
make is a 400 in the reader's language; who may read them is unchanged."""

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

from atbalsts.accounts.models import Organisation, OrganisationKind, Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.municipal import access, services
from atbalsts.municipal.api import InformationRequestSerializer
from atbalsts.municipal.models import InformationRequest
from atbalsts.people.services import create_client
from tests.conftest import actor, make_user

SENT, INCOMING = "/api/municipal/requests/", "/api/municipal/requests/incoming/"


def _as_json(data):
    return json.loads(JSONRenderer().render(data))


@pytest.fixture
def world(people, orgs, client_record):
    """Two municipalities' cases; clients of provider A on sw's team (Līga) and on psy's team only
    (Ivan), and one of provider B."""
    second = Organisation.objects.create(name="Otra pašvaldība", kind=OrganisationKind.MUNICIPAL_SOCIAL_SERVICE)
    other_worker = make_user("other_worker", second, Role.MUNICIPAL_SOCIAL_WORKER)
    ivan = create_client(actor(people["psy"]), {"given_names": "Ivan", "surname": "Petrov"})
    theirs = create_client(actor(people["outsider"]), {"given_names": "Anna", "surname": "Ozola"})
    cases = [
        services.open_case(
            actor(people["municipal"]), {"contact_stage": "after", "person": {"given_names": f"P{i}", "surname": "B"}}
        )
        for i in range(3)
    ]
    other_case = services.open_case(
        actor(other_worker), {"contact_stage": "after", "person": {"given_names": "O", "surname": "B"}}
    )
    return {
        "cases": cases,
        "other_case": other_case,
        "other_worker": other_worker,
        "clients": [(orgs["provider_a"], client_record), (orgs["provider_a"], ivan), (orgs["provider_b"], theirs)],
    }


def _make(people, world, n, other_share=4):
    """``n`` requests on days that repeat (told apart by the number), to the three clients, some
    answered, every ``other_share``-th from the other municipality."""
    today = timezone.localdate()
    made = []
    for i in range(n):
        provider, client = world["clients"][i % 3]
        case = world["other_case"] if i % other_share == 3 else world["cases"][i % 3]
        sender = world["other_worker"] if case == world["other_case"] else people["municipal"]
        made.append(
            InformationRequest.objects.create(
                case=case,
                provider=provider,
                client=client,
                sent_on=today - datetime.timedelta(days=i % 5),
                asked=f"Jautājums {i}",
                sent_by=sender,
                answered_on=today if i % 5 == 0 else None,
                answer="Atbilde" if i % 5 == 0 else "",
            )
        )
    return made


def _walk(http, url):
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
@pytest.mark.parametrize("url, who", [(SENT, "municipal"), (INCOMING, "sw")])
def test_the_pages_hold_the_old_whole_list_in_order(people, world, login, url, who):
    _make(people, world, 40)
    whole = access.list_requests_sent if url == SENT else access.requests_incoming
    old = _as_json(InformationRequestSerializer(whole(actor(people[who])), many=True).data)
    assert 10 < len(old) <= 30
    assert len({row["sent_on"] for row in old}) == 5 and {row["answered_on"] is None for row in old} == {True, False}
    http = login(people[who])
    pages = _walk(http, url)
    assert [row for p in pages for row in p["results"]] == old
    assert len(pages) == (len(old) + 9) // 10 and pages[0]["previous"] is None
    assert http.get(pages[-1]["previous"]).json() == pages[-2]
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="information_request").order_by("-pk")[1]
    assert event.detail["refs"] == [row["reference"] for row in pages[-1]["results"]]


@pytest.mark.parametrize("url, who", [(SENT, "municipal"), (INCOMING, "sw")])
def test_a_page_asks_the_same_number_of_queries_for_one_request_and_for_many(people, world, login, url, who):
    http = login(people[who])
    _make(people, world, 1)
    http.get(url)

    def queries(query=None):
        with CaptureQueriesContext(connection) as captured:
            response = http.get(url, query or {})
        assert response.status_code == 200
        return len(captured.captured_queries), response.json()

    one, body = queries()
    assert len(body["results"]) == 1
    _make(people, world, 240, other_share=1000)
    many, body = queries()
    assert len(body["results"]) == 50 and many == one
    deeper, body = queries(dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(body["next"]).query)))
    assert len(body["results"]) >= 30 and deeper == one


@pytest.mark.parametrize(
    "language, words", [("lv", "Šī lapas saite nav derīga"), ("en", "This page link is not valid")]
)
def test_a_link_the_list_did_not_make_is_a_400_in_the_readers_language(people, world, login, language, words):
    made = _make(people, world, 6)
    for url, who, other_order in [
        (SENT, "municipal", access.INCOMING_REQUEST_ORDER),
        (INCOMING, "sw", access.REQUEST_ORDER),
    ]:
        http = login(people[who])
        http.cookies["django_language"] = language
        for query, name in [
            ({"after": "x"}, "after"),
            ({"before": other_order.make(made[0])}, "before"),
            ({"after": "a" * 400}, "after"),
        ]:
            response = http.get(url, query)
            assert response.status_code == 400 and words in response.json()[name][0], (url, query)


def test_who_may_read_the_request_lists_is_unchanged(people, world, login):
    _make(people, world, 8)
    # Only the municipality's workers list what it sent; only providers' workers what they received.
    for persona in ("sw", "outsider", "police", "statistician", "siva", "hotline"):
        for query in ({}, {"after": "x"}):
            assert login(people[persona]).get(SENT, query).status_code == 403, persona
    for persona in ("municipal", "police", "statistician", "siva", "hotline"):
        for query in ({}, {"after": "x"}):
            assert login(people[persona]).get(INCOMING, query).status_code == 403, persona
    for url in (SENT, INCOMING):
        assert HttpClient().get(url).status_code == 403
    # The other municipality sees its own two; provider B's worker only the request about its client.
    assert len(login(world["other_worker"]).get(SENT).json()["results"]) == 2
    outsider = login(people["outsider"]).get(INCOMING).json()["results"]
    assert {row["client"] for row in outsider} == {world["clients"][2][1].case_number}
    # psy is on Ivan's team only; sw on Līga's only.
    for who, client in (("psy", world["clients"][1][1]), ("sw", world["clients"][0][1])):
        assert {row["client"] for row in login(people[who]).get(INCOMING).json()["results"]} == {client.case_number}
