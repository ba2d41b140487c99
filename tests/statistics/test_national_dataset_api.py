"""The national de-identified dataset through the API (``/api/statistics/htcds-national/``): the
national statistician's only (403 for everyone else, the refusal recorded), audited as an export,
k-anonymous exactly as the CSV download, and documented in the OpenAPI schema."""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
import uuid
from collections import Counter

import pytest

from atbalsts.accounts.models import Role
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.statistics import anonymity, htcds
from atbalsts.statistics.models import StatisticalRecord
from tests.conftest import make_user

URL = "/api/statistics/htcds-national/"
K = 5  # the disclosure policy's threshold in force (policy/disclosure.py)
NOBODY_ELSE = ["org_admin", "sw", "psy", "outsider", "siva", "municipal", "police", "hotline", "sys_admin"]


def _make(n: int, seed: int, year: int, **extra) -> None:
    """Records with rare combinations on purpose: a few unusual countries and citizenships."""
    rng = random.Random(seed)
    StatisticalRecord.objects.bulk_create([
        StatisticalRecord(
            sex=rng.choice(["female", "male", "other", ""]), age_band=rng.choice(["0-17", "18-24", "25-34", "45-54"]),
            citizenship_group=rng.choice(["latvia", "eu", "non_eu", ""]),
            exploitation_forms=rng.choice([["sexual_prostitution"], ["forced_labour"], ["forced_begging"], []]),
            exploitation_countries=rng.choice([["Vācija"], ["Īrija"], ["Lielbritānija"], ["Spānija", "Vācija"], []]),
            opened_month=datetime.date(year - rng.randrange(3), rng.randrange(1, 13), 1),
            case_status=rng.choice(["recognised", "open"]), **extra)
        for _ in range(n)
    ])


def _body(response) -> dict:
    assert response.status_code == 200, response.status_code
    assert response.streaming and response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content).decode("utf-8"))


def _combinations(body: dict) -> Counter:
    positions = [body["columns"].index(c) for c in anonymity.QUASI_IDENTIFIER_COLUMNS]
    return Counter(tuple(r[i] for i in positions) for r in body["records"])


def test_the_statistician_gets_the_k_anonymous_dataset_and_it_is_audited_as_an_export(people, login, clock_today):
    _make(120, seed=7, year=clock_today.year)
    # The unprotected rows have combinations rarer than k: the protection has work to do.
    assert anonymity.smallest_group(list(csv.reader(io.StringIO("".join(htcds.national_csv()))))) < K
    http = login(people["statistician"])
    body = _body(http.get(URL))
    assert body["columns"] == htcds.export_header()
    assert body["rows"] == len(body["records"]) == 120  # nothing dropped
    assert body["threshold"] == K and body["standard"] == "HTCDS 2.0"
    assert all(len(r) == len(body["columns"]) for r in body["records"])
    # No combination of quasi-identifier values under k, checked on the answer itself.
    assert min(_combinations(body).values()) >= K
    assert anonymity.smallest_group([body["columns"], *body["records"]]) >= K
    assert body["suppressed_values_total"] == sum(body["suppressed_values"].values()) > 0
    # Months are given as years.
    opened = body["columns"].index("cas_IncomingReferralDate")
    assert {len(r[opened]) for r in body["records"]} <= {0, 4}
    # The same rows as the CSV download.
    csv_rows = list(csv.reader(io.StringIO(b"".join(http.get("/statistics/htcds-national.csv").streaming_content)
                                           .decode())))
    assert Counter(map(tuple, csv_rows[1:])) == Counter(map(tuple, body["records"]))
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_ref="htcds", detail__format="api").get()
    assert event.actor_id == people["statistician"].pk
    assert event.detail["tables"] == ["htcds_national"] and event.detail["scope"] == "national"
    assert event.detail["threshold"] == K and event.detail["rows"] == 120
    assert event.detail["suppressed_values"] == body["suppressed_values"]


def test_sandbox_imports_are_not_in_the_national_dataset(people, login, clock_today):
    _make(30, seed=3, year=clock_today.year)
    _make(20, seed=4, year=clock_today.year, import_batch=uuid.uuid4())
    body = _body(login(people["statistician"]).get(URL))
    assert body["rows"] == len(body["records"]) == 30


@pytest.mark.parametrize("who", NOBODY_ELSE)
def test_nobody_else_gets_the_dataset_and_the_refusal_is_recorded(who, people, login, clock_today):
    _make(40, seed=5, year=clock_today.year)
    response = login(people[who]).get(URL)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="national_statistics",
                                     actor_id=people[who].pk).exists()
    assert not AuditEvent.objects.filter(action=Action.EXPORT, object_type="national_statistics").exists()


def test_without_a_second_factor_not_even_a_statistician_gets_it(people, orgs, login, clock_today):
    _make(40, seed=5, year=clock_today.year)
    statistician = make_user("stat2", orgs["coordinator"], Role.STATISTICIAN, mfa=False)
    for user in (statistician, people["no_mfa"]):
        assert login(user).get(URL).status_code == 403  # the second-factor check answers first
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_an_anonymous_visitor_gets_403(client, db, clock_today):
    _make(40, seed=6, year=clock_today.year)
    assert client.get(URL).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_fewer_records_than_k_is_a_clear_refusal_and_nothing_is_exported(people, login, clock_today):
    _make(K - 1, seed=8, year=clock_today.year)
    http = login(people["statistician"])
    response = http.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "fewer than 5 records" in response.json()["detail"]
    latvian = http.get(URL, HTTP_ACCEPT_LANGUAGE="lv")
    assert latvian.status_code == 409 and "fewer than" not in latvian.json()["detail"]
    assert not AuditEvent.objects.filter(action=Action.EXPORT, object_type="national_statistics").exists()


def test_the_schema_documents_the_dataset(people, login):
    schema = login(people["statistician"]).get(
        "/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"][URL]["get"]
    assert operation["operationId"] == "statistics_htcds_national_dataset"
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/NationalDataset"}
    dataset = schema["components"]["schemas"]["NationalDataset"]
    assert {"threshold", "rows", "quasi_identifiers", "suppressed_values", "columns", "records"} <= set(
        dataset["required"])
    assert dataset["properties"]["records"]["items"]["items"]["type"] == "string"
    assert {"403", "409"} <= set(operation["responses"])
