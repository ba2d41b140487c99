"""Bad input gets a clear 4xx answer, never a server error (issue 10, §4)."""

import pytest
from django.urls import get_resolver

from atbalsts.people.models import Client


def _all_patterns(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _all_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def test_no_api_route_takes_a_format_suffix():
    suffixed = [p for p in _all_patterns(get_resolver().url_patterns) if "format" in p and p.startswith("api/")]
    assert suffixed == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/identification/cases/1.json",
        "/api/decisions/siva-inbox/1.json",
        "/api/municipal/cases/1.json",
        "/api/rehabilitation/courses/AT-0000000.json",
        "/api/clients.json",
        "/api/.json",
    ],
)
def test_an_address_with_a_format_suffix_is_not_found(people, login, url):
    http = login(people["sw"])
    # 404, or the usual redirect to the address with a slash (which is then a 404).
    assert http.get(url, follow=True).status_code == 404


@pytest.mark.parametrize("page", ["99999999999999999999", "-5", "abc", "1e9", "100001"])
def test_the_client_list_answers_any_page_number(people, client_record, login, page):
    response = login(people["sw"]).get("/clients/", {"page": page})
    assert response.status_code == 200


def test_an_old_page_number_is_ignored_and_shows_the_first_page(people, client_record, login):
    # The list pages by position (a signed cursor), never by number: ?page= is not read.
    response = login(people["sw"]).get("/clients/", {"page": "99999999999999999999"})
    assert client_record.case_number in response.content.decode()


def test_a_position_past_the_end_shows_no_clients(people, client_record, login):
    from atbalsts.people import caseload

    http = login(people["sw"])
    response = http.get("/clients/", {"after": caseload.make_cursor("newest", client_record)})
    assert response.status_code == 200
    assert client_record.case_number not in response.content.decode()


def test_the_api_list_answers_a_huge_page_number_without_a_server_error(people, client_record, login):
    response = login(people["sw"]).get("/api/tasks/", {"page": "99999999999999999999"})
    assert response.status_code in (200, 404)


@pytest.mark.parametrize(
    ("who", "url"),
    [("sw", "/api/clients/"), ("municipal", "/api/municipal/cases/"), ("sw", "/api/decisions/applications/")],
)
def test_json_nested_100000_levels_deep_is_refused_with_a_message(people, login, who, url):
    http = login(people[who])
    response = http.post(url, "[" * 100_000 + "]" * 100_000, content_type="application/json",
                         headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    assert Client.objects.count() == 0


def test_json_nested_within_the_bound_is_read_as_usual(people, login):
    http = login(people["sw"])
    body = '{"given_names": "Ivan", "surname": "Petrenko", "note": ' + "[" * 30 + "]" * 30 + "}"
    response = http.post("/api/clients/", body, content_type="application/json")
    assert response.status_code in (201, 400)
    assert "nested" not in response.content.decode()


def test_brackets_inside_strings_do_not_count_as_nesting(people, login):
    http = login(people["sw"])
    body = '{"given_names": "' + "[" * 200 + '", "surname": "P\\"[[["}'
    response = http.post("/api/clients/", body, content_type="application/json")
    assert "nested" not in response.content.decode()


def test_invalid_json_is_a_400_with_a_message(people, login):
    response = login(people["sw"]).post("/api/clients/", "{not json", content_type="application/json",
                                        headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]
    latvian = login(people["sw"]).post("/api/clients/", "{not json", content_type="application/json")
    assert "nav derīgs JSON" in latvian.json()["detail"]
