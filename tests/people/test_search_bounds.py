"""The client search is bounded (issue 14): a minimum prefix length (policy data), at most a page
of clients plus a note that more match, in a stable order, found on the token index."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.people import access
from atbalsts.people.models import Client, SearchToken
from atbalsts.people.search import PREFIX_MIN
from atbalsts.people.services import create_client
from atbalsts.policy.search import SEARCH_RULES, search_rules_on
from tests.conftest import actor


@pytest.fixture
def small_page(monkeypatch):
    """The rules in force with a page of 3, so that a test needs only a few clients."""
    def rules(day):
        return dataclasses.replace(search_rules_on(day), results_max=3)
    monkeypatch.setattr(access, "search_rules_on", rules)
    return 3


def _many(sw, n: int, surname: str = "Kalniņa") -> list[Client]:
    return [create_client(sw, {"given_names": f"Anna{chr(97 + i)}", "surname": surname}) for i in range(n)]


def test_the_rule_is_policy_data_with_a_date_and_marked_as_our_default(clock_today):
    rules = search_rules_on(clock_today)
    assert rules.effective_from <= clock_today and {"prefix_min_letters", "results_max"} <= rules.product_defaults
    # The index holds beginnings of at least PREFIX_MIN letters: a rule asking for fewer finds nothing.
    assert all(r.prefix_min_letters >= PREFIX_MIN for r in SEARCH_RULES)
    with pytest.raises(LookupError):
        search_rules_on(datetime.date(2006, 12, 31))


def test_too_short_a_prefix_is_a_message_on_the_page_not_an_error(people, client_record, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.post("/clients/", {"q": "be"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Type at least 3 letters of a name" in body and client_record.case_number not in body
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()


def test_too_short_a_prefix_in_latvian(people, client_record, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "lv"
    body = http.post("/clients/", {"q": "b"}).content.decode()
    assert "Ievadiet vismaz 3 vārda vai uzvārda burtus" in body


def test_too_short_a_prefix_through_the_api_is_a_400_with_the_reason(people, client_record, login):
    http = login(people["sw"])
    response = http.post("/api/clients/search/", {"q": "be"}, content_type="application/json",
                         HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "at least 3 letters" in str(response.json())


def test_a_short_part_beside_a_long_one_is_left_out_and_the_user_told(people, client_record, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.post("/clients/", {"q": "L Bērziņa"})
    body = response.content.decode()
    assert response.status_code == 200 and client_record.case_number in body
    assert "shorter than 3 letters were left out" in body


def test_a_longer_minimum_in_the_rules_is_applied(people, client_record, monkeypatch):
    monkeypatch.setattr(access, "search_rules_on",
                        lambda day: dataclasses.replace(search_rules_on(day), prefix_min_letters=4))
    sw = actor(people["sw"])
    assert not access.find_clients(sw, "ber").searched
    assert access.find_clients(sw, "berz").clients == [client_record]


def test_the_search_shows_at_most_a_page_and_says_there_are_more(people, small_page, login):
    sw = actor(people["sw"])
    made = _many(sw, small_page + 2)
    result = access.find_clients(sw, "kal")
    assert len(result.clients) == small_page and result.more
    assert "Refine your search" in result.note()
    # The newest first, and only what is shown is in the trail.
    assert [c.pk for c in result.clients] == [c.pk for c in made[::-1][:small_page]]
    event = AuditEvent.objects.filter(action=Action.SEARCH).latest("pk")
    assert event.detail["case_numbers"] == [c.case_number for c in result.clients]


def test_exactly_a_page_is_not_more(people, small_page):
    sw = actor(people["sw"])
    _many(sw, small_page)
    result = access.find_clients(sw, "kal")
    assert len(result.clients) == small_page and not result.more and result.note() == ""


def test_the_refine_message_on_the_page_and_in_the_api(people, small_page, login):
    _many(actor(people["sw"]), small_page + 1)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    assert "Refine your search" in http.post("/clients/", {"q": "kaln"}).content.decode()
    body = http.post("/api/clients/search/", {"q": "kaln"}, content_type="application/json",
                     HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == small_page and body["more"] is True and "Refine your search" in body["message"]


def test_the_order_is_stable_when_clients_were_opened_at_the_same_moment(people):
    sw = actor(people["sw"])
    made = _many(sw, 5)
    same = made[0].created_at
    Client.objects.filter(pk__in=[c.pk for c in made]).update(created_at=same)
    SearchToken.objects.filter(client__in=made).update(client_created_at=same)
    first = [c.pk for c in access.find_clients(sw, "kalnina").clients]
    assert first == sorted((c.pk for c in made), reverse=True)
    assert [c.pk for c in access.find_clients(sw, "kal").clients] == first


def test_a_long_name_is_still_checked_on_the_decrypted_names_within_the_bound(people, small_page):
    sw = actor(people["sw"])
    _many(sw, small_page + 2, surname="Aleksandrova")
    wanted = create_client(sw, {"given_names": "Marta", "surname": "Aleksandrovs"})
    result = access.find_clients(sw, "aleksandrovs")
    assert result.clients == [wanted] and not result.more


def test_tokens_carry_the_clients_organisation_and_opening_time(people, client_record):
    tokens = SearchToken.objects.filter(client=client_record)
    assert tokens.exists()
    assert {(t.organisation_id, t.client_created_at) for t in tokens} == {
        (client_record.organisation_id, client_record.created_at)}


def test_the_page_is_found_without_reading_other_clients(people, small_page):
    """Only the page's clients are loaded: one query picks their ids on the token table, one
    reads them (by primary key), whatever the number of matches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sw = actor(people["sw"])
    _many(sw, small_page + 5)
    with CaptureQueriesContext(connection) as ctx:
        access.find_clients(sw, "kal")
    # Reads of tables (the audit's lock on PostgreSQL is a SELECT without one).
    selects = [q["sql"] for q in ctx.captured_queries
               if q["sql"].lstrip().upper().startswith("SELECT") and " FROM " in q["sql"]]
    token_query = next(s for s in selects if s.split(" FROM ", 1)[1].startswith('"people_searchtoken"'))
    # A page and one more, ordered on the token table: no client row is joined there.
    assert "LIMIT 4" in token_query and 'JOIN "people_client"' not in token_query
    assert 'ORDER BY "people_searchtoken"."client_created_at" DESC' in token_query
    client_queries = [s for s in selects if s.split(" FROM ", 1)[1].startswith('"people_client"')]
    assert len(client_queries) == 1 and '"people_client"."id" IN' in client_queries[0]
    assert "ORDER BY" not in client_queries[0]


def test_an_outsider_still_finds_nothing_and_it_is_recorded(people, client_record):
    result = access.find_clients(actor(people["outsider"]), "berz")
    assert result.clients == [] and not result.more
    assert AuditEvent.objects.filter(action=Action.SEARCH).count() == 1


def test_the_rules_page_shows_the_search_rules_as_our_defaults(people, login):
    response = login(people["sw"]).get("/policy/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    section = page.split('id="search"', 1)[1].split("</table>", 1)[0]
    assert "Fewest letters of a name a search looks up" in section
    assert '<td class="govuk-table__cell">3</td>' in section
    assert section.count("our default, not law") == 2
