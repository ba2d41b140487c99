"""Schemathesis over the whole OpenAPI schema, in process, signed in as a provider's social
worker, a SIVA officer and a municipal social worker: no server error, and every response
matches the schema (status code, body). Bounded examples per operation keep it to minutes.

Path parameters are the real objects of the test world (tests/api/world.py), so most requests
reach the object and its body is checked; query and body values are generated.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
import time_machine
from django.conf import settings
from django.test import Client as HttpClient
from django.test.client import ClientHandler
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.api.world import TODAY, build_world

EXAMPLES = int(__import__("os").environ.get("ATBALSTS_FUZZ_EXAMPLES", "6"))  # per operation and identity
IDENTITIES = ("sw", "siva", "municipal")
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


def _wsgi_app():
    """Django's test handler as a WSGI app: same database connection and transaction as the
    test, no CSRF (the session is forced, as in every API test)."""
    handler = ClientHandler(enforce_csrf_checks=False)

    def app(environ, start_response):
        response = handler(environ)
        headers = [(k, v) for k, v in response.items()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if response.streaming:
            return [b"".join(response.streaming_content)]
        return [response.content]

    return app


def _path_values(w, who: str) -> dict[str, object]:
    values = {"case_number": w.client.case_number, "pk": w.case.pk, "number": 1, "document_id": 1}
    if who == "siva":
        values["pk"] = w.application.pk
    if who == "municipal":
        values["pk"] = w.mcase.pk
    return values


@pytest.fixture
def world(people, orgs, client_record):
    with time_machine.travel(TODAY, tick=False):
        yield build_world(people, orgs, client_record)


def _fuzz_one(operation, strategy, who: str, cookies: dict, failures: list[str]) -> int:
    calls = 0

    @given(case=strategy)
    @hsettings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
               phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def one(case):
        nonlocal calls
        calls += 1
        response = case.call(cookies=cookies)
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as exc:  # every failed check is counted
            for failure in getattr(exc, "exceptions", [exc]):
                title = getattr(failure, "title", None) or type(failure).__name__
                message = " ".join(str(getattr(failure, "message", "")).split())[:300]
                failures.append(f"{who} {operation.label}: {response.status_code} {title}: {message}")

    one()
    return calls


def run_fuzz(world) -> tuple[int, list[str]]:
    """Every operation × identity; returns (requests made, failures)."""
    http = HttpClient()
    http.force_login(world.people["sw"], backend="django.contrib.auth.backends.ModelBackend")
    raw = http.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = schemathesis.openapi.from_dict(json.loads(raw.content))
    schema.app = _wsgi_app()
    failures: list[str] = []
    calls = 0
    for who in IDENTITIES:
        http = HttpClient()
        http.force_login(world.people[who], backend="django.contrib.auth.backends.ModelBackend")
        cookies = {settings.SESSION_COOKIE_NAME: http.cookies[settings.SESSION_COOKIE_NAME].value}
        for result in schema.get_all_operations():
            operation = result.ok()
            params = {
                name: value for name, value in _path_values(world, who).items()
                if "{" + name + "}" in operation.path
            }
            strategy = operation.as_strategy(path_parameters=params or None)
            calls += _fuzz_one(operation, strategy, who, cookies, failures)
    return calls, failures


def test_the_whole_api_schema_holds_for_three_roles_without_server_errors(world):
    with time_machine.travel(TODAY, tick=False):
        calls, failures = run_fuzz(world)
    distinct = sorted(set(failures))
    print(f"schemathesis: {calls} requests, {len(failures)} failures, {len(distinct)} distinct")
    assert calls > 100
    assert not distinct, "\n".join(distinct)
