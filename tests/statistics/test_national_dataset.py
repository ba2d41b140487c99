"""The national de-identified HTCDS dataset leaves the system k-anonymous (anonymity.py): every
combination of quasi-identifiers in the file occurs at least k times, nothing is dropped, and how
many values were blanked is reported."""

from __future__ import annotations

import csv
import datetime
import io
import random
import uuid
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


# --- The plan made on counts from the database is the plan made on the rows in Python ---------

VARIED_FORMS = [[], ["sexual_prostitution"], ["sexual_pornography"], ["forced_labour"],
                ["forced_labour", "forced_labour"], ["forced_begging", "forced_labour"],
                ["forced_labour", "forced_begging"], ["sham_marriage", "debt_bondage"], ["not_a_catalogue_code"],
                ["organ_removal", "sexual_prostitution", "serfdom"]]
VARIED_COUNTRIES = [[], ["Vācija"], ["Īrija"], ["Vācija", "Īrija"], ["Īrija", "Vācija"], ["Lielbritānija"],
                    ["Norvēģija"], ["Zviedrija", "Norvēģija", "Vācija"], ["Côte d'Ivoire"], ["=SUM(A1)"]]


def _make_varied(n: int, seed: int, year: int) -> None:
    """Records whose quasi-identifiers take many values, with skewed frequencies: common and rare
    combinations, several lists that map to the same cells, months of one year, cases without a
    month, and some sandbox imports (left out of the dataset)."""
    rng = random.Random(seed)
    sandbox = uuid.UUID(int=seed, version=4)
    StatisticalRecord.objects.bulk_create([
        StatisticalRecord(
            sex=rng.choices(SEXES, weights=[6, 4, 1, 1])[0],
            age_band=rng.choices(BANDS, weights=[2, 5, 6, 3, 1, 1])[0],
            citizenship_group=rng.choices(GROUPS, weights=[8, 2, 2, 1])[0],
            exploitation_forms=rng.choices(VARIED_FORMS, weights=[3, 6, 1, 5, 1, 2, 2, 1, 1, 1])[0],
            exploitation_countries=rng.choices(VARIED_COUNTRIES, weights=[3, 8, 3, 1, 1, 2, 1, 1, 1, 1])[0],
            opened_month=(None if rng.random() < 0.03
                          else datetime.date(year - rng.choices(range(4), weights=[5, 3, 2, 1])[0],
                                             rng.randrange(1, 13), 1)),
            case_status=rng.choice(["recognised", "open", ""]),
            import_batch=sandbox if rng.random() < 0.05 else None)
        for _ in range(n)
    ])


def _python_plan(records, k: int) -> tuple[Counter, dict]:
    """The plan as it was made before the database counted: every row mapped and counted in Python."""
    indices = anonymity._indices()
    counts: Counter = Counter()
    rows = htcds.national_rows(records)
    next(rows)
    for raw in rows:
        counts[anonymity._key(anonymity._generalise(raw), indices)] += 1
    return counts, anonymity.plan(counts, k)


@pytest.mark.parametrize(("n", "seed", "k"), [(600, 1, 3), (600, 2, 5), (900, 3, 11), (250, 4, 5)])
def test_the_database_counted_plan_is_the_python_plan(db, clock_today, n, seed, k):
    _make_varied(n, seed, clock_today.year)
    records = StatisticalRecord.objects.filter(import_batch__isnull=True)
    counts, levels = _python_plan(records, k)
    export = anonymity.national_export(records, threshold=k)
    # Several quasi-identifiers are blanked somewhere, so the comparison covers more than one step.
    assert len(set(levels.values())) >= 3
    assert export.levels() == levels
    assert export.rows == sum(counts.values()) == records.count() < n
    expected: Counter = Counter()
    for key, n_key in counts.items():
        for j in range(levels[key]):
            for column, cell in zip(anonymity.QUASI_IDENTIFIERS[j], key[j], strict=True):
                expected[column] += n_key if cell else 0
    assert export.suppressed == {c: expected[c] for c in anonymity.QUASI_IDENTIFIER_COLUMNS}
    # The file: each raw row with the Python plan's blanks, in the same order.
    indices = anonymity._indices()
    raw_rows = htcds.national_rows(records)
    want = [next(raw_rows)]
    for raw in raw_rows:
        row = anonymity._generalise(raw)
        for group in indices[:levels[anonymity._key(row, indices)]]:
            for i in group:
                row[i] = ""
        want.append(row)
    assert list(export.records()) == want
    assert anonymity.smallest_group(want) >= k


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(
    st.tuples(*(st.tuples(*(st.sampled_from(["", "a", "b", "c"]) for _c in group))
                for group in anonymity.QUASI_IDENTIFIERS)),
    st.integers(1, 6), min_size=1, max_size=60), st.integers(2, 7), st.randoms(use_true_random=False))
def test_packed_keys_give_the_plan_of_cells(counts, k, rnd):
    # Codes are given in a shuffled order, so a tie broken on codes instead of cells would show.
    keys = list(counts)
    rnd.shuffle(keys)
    codes = anonymity._Codes()
    packed = Counter({codes.encode(key): counts[key] for key in keys})
    want = anonymity.plan(Counter(counts), k)
    generic = anonymity.plan(packed, k, blank=anonymity._Codes.blank, order=codes.decode)
    assert {codes.decode(p): level for p, level in generic.items()} == want
    fast = anonymity._plan_packed(packed, k, codes.decode)
    assert {codes.decode(p): level for p, level in fast.items()} == want
    assert all(codes.find(key) == codes.encode(key) for key in keys)


def test_a_record_written_after_the_plan_loses_every_quasi_identifier(db, clock_today):
    _make(40, seed=6, year=clock_today.year)
    export = anonymity.national_export(threshold=5)
    StatisticalRecord.objects.create(sex="female", age_band="25-34", citizenship_group="eu",
                                     exploitation_forms=["forced_labour"], exploitation_countries=["Atlantīda"],
                                     opened_month=datetime.date(clock_today.year, 2, 1))
    header, *rows = list(export.records())
    positions = [header.index(c) for c in anonymity.QUASI_IDENTIFIER_COLUMNS]
    assert len(rows) == 41
    assert sum(all(r[i] == "" for i in positions) for r in rows) >= 1
    assert "Atlantīda" not in {r[header.index("hte_Country")] for r in rows}
