"""The national de-identified HTCDS dataset leaves the system k-anonymous (anonymity.py): every
combination of quasi-identifiers in the file occurs at least k times, nothing is dropped, and how
many values were blanked is reported."""

from __future__ import annotations

import csv
import datetime
import io
import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.statistics import anonymity, htcds
from atbalsts.statistics.models import StatisticalRecord

SEXES = ["female", "male", "other", ""]
BANDS = ["0-17", "18-24", "25-34", "35-44", "45-54", ""]
GROUPS = ["latvia", "eu", "non_eu", ""]
FORMS = [["sexual_prostitution"], ["forced_labour"], ["forced_begging", "forced_labour"], []]
COUNTRIES = [["Vācija"], ["Īrija"], ["Lielbritānija"], ["Spānija", "Vācija"], []]


def _make(n: int, seed: int, year: int) -> None:
    rng = random.Random(seed)
    StatisticalRecord.objects.bulk_create([
        StatisticalRecord(sex=rng.choice(SEXES), age_band=rng.choice(BANDS), citizenship_group=rng.choice(GROUPS),
                          exploitation_forms=rng.choice(FORMS), exploitation_countries=rng.choice(COUNTRIES),
                          opened_month=datetime.date(year - rng.randrange(3), rng.randrange(1, 13), 1),
                          case_status=rng.choice(["recognised", "open", ""]))
        for _ in range(n)
    ])


def _read(lines) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(lines))))


def _raw() -> list[list[str]]:
    return _read(htcds.national_csv())


@pytest.mark.parametrize("k", [3, 5, 11])
def test_every_combination_of_quasi_identifiers_occurs_at_least_k_times(db, clock_today, k):
    _make(150, seed=k, year=clock_today.year)
    export = anonymity.national_export(threshold=k)
    published = _read(export.lines())
    # The auditor's check on the file itself.
    assert anonymity.smallest_group(published) >= k
    header, *rows = published
    assert header == htcds.export_header()
    assert len(rows) == 150 == export.rows  # nothing dropped
    # The summary counts exactly the values that were blanked, column by column.
    _raw_header, *raw_rows = _raw()
    blanked = Counter()
    for column in anonymity.QUASI_IDENTIFIER_COLUMNS:
        i = header.index(column)
        raw_values = Counter(r[i][:4] if column == "cas_IncomingReferralDate" else r[i] for r in raw_rows)
        out_values = Counter(r[i] for r in rows)
        blanked[column] = out_values[""] - raw_values[""]
    assert export.summary["suppressed_values"] == dict(blanked)
    assert export.summary["suppressed_values_total"] == sum(blanked.values()) > 0
    assert export.summary["threshold"] == k


def test_the_unprotected_file_would_fail_the_auditor(db, clock_today):
    _make(150, seed=1, year=clock_today.year)
    assert anonymity.smallest_group(_raw()) < 5


def test_countries_are_blanked_before_citizenship_and_months_become_years(db, clock_today):
    y = clock_today.year
    common = dict(sex="female", age_band="25-34", citizenship_group="latvia", exploitation_forms=["forced_labour"],
                  opened_month=datetime.date(y, 3, 1))
    for _ in range(5):
        StatisticalRecord.objects.create(**common, exploitation_countries=["Vācija"])
    StatisticalRecord.objects.create(**common, exploitation_countries=["Islande"])
    export = anonymity.national_export(threshold=5)
    header, *rows = _read(export.lines())
    by = {c: header.index(c) for c in header}
    assert len(rows) == 6
    # The rare country cannot stand alone: the five with Vācija lose their country with it, and
    # nothing else is blanked.
    assert anonymity.smallest_group([header, *rows]) >= 5
    assert all(r[by["prs_Citizenship"]] == "LV" and r[by["ext_CitizenshipGroup"]] == "latvia" for r in rows)
    assert all(r[by["cas_IncomingReferralDate"]] == str(y) for r in rows)
    assert "Islande" not in "".join(",".join(r) for r in rows)
    assert all(r[by["hte_Country"]] == "" for r in rows)
    assert export.suppressed["hte_Country"] == 6
    assert export.suppressed["prs_Citizenship"] == export.suppressed["ext_CitizenshipGroup"] == 0


def test_fewer_records_than_k_are_refused(db, clock_today):
    _make(4, seed=2, year=clock_today.year)
    with pytest.raises(ValidationError):
        anonymity.national_export(threshold=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(
    st.tuples(*(st.tuples(*(st.sampled_from(["", "a", "b", "c"]) for _c in group))
                for group in anonymity.QUASI_IDENTIFIERS)),
    st.integers(1, 9), min_size=1, max_size=40), st.integers(2, 11))
def test_the_plan_leaves_no_combination_rarer_than_k(counts, k):
    counts = Counter(counts)
    if sum(counts.values()) < k:
        return
    levels = anonymity.plan(counts, k)
    published = Counter()
    for key, n in counts.items():
        published[anonymity._blank(key, levels[key])] += n
    assert min(published.values()) >= k
    assert sum(published.values()) == sum(counts.values())


def test_the_published_file_imports_again(db, clock_today, sandbox_org):
    _make(60, seed=3, year=clock_today.year)
    rows = _read(anonymity.national_export(threshold=5).lines())
    header, *body = rows
    job = htcds.import_records([dict(zip(header, r, strict=True)) for r in body], sandbox_org)
    assert job.rows_imported == 60


@pytest.fixture
def sandbox_org(db):
    return htcds.sandbox_organisation("Bench sandbox", create=True)


def test_the_download_is_the_statisticians_and_audited(people, clock_today, login):
    _make(40, seed=4, year=clock_today.year)
    r = login(people["statistician"]).get("/statistics/htcds-national.csv")
    assert r.status_code == 200
    published = _read(b"".join(r.streaming_content).decode())
    assert anonymity.smallest_group(published) >= 5 and len(published) == 41
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_ref="htcds").latest("pk")
    assert event.detail["threshold"] == 5 and "suppressed_values" in event.detail
    meta = login(people["statistician"]).get("/statistics/htcds-national.json")
    assert meta.status_code == 200 and meta.json()["rows"] == 40
    for who in ("org_admin", "sw", "outsider"):
        assert login(people[who]).get("/statistics/htcds-national.csv").status_code == 404


def test_too_few_records_for_the_download_is_a_clear_refusal(people, login):
    r = login(people["statistician"]).get("/statistics/htcds-national.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    assert "fewer than 5 records" in r.content.decode()
