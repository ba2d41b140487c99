"""The list figures (forms and countries of exploitation) counted by one grouped query, checked
against a plain computation in Python over the same records.

The records are random but seeded, with the awkward cases put in on purpose: empty lists, a code
twice in one list, several codes, a value that is not a list, country names with non-ASCII
letters, persons linked across records (the same code twice, different codes, different
statuses), records just inside and just outside the period, records of a sandbox import, and two
organisations.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import defaultdict

import pytest

from atbalsts.statistics import figures, reports
from atbalsts.statistics.figures import Scope
from atbalsts.statistics.models import StatisticalRecord

FORMS = ("sexual_prostitution", "forced_labour", "forced_begging", "sham_marriage", "criminal_theft",
         "organ_removal", "not_a_catalogue_code")
COUNTRIES = ("Latvija", "Vācija", "Īrija", "Lielbritānija", "Norvēģija")
STATUSES = ("open", "interviewed", "commission", "recognised", "not_recognised", "")
ORGS = (11, 12)


@pytest.fixture
def y(clock_today):
    return clock_today.year


@pytest.fixture
def records(db, y):
    """~300 records; the list of their values as saved (for the Python side)."""
    rnd = random.Random(20261207)
    clusters = [uuid.uuid4() for _ in range(25)]
    months = [datetime.date(y - 1, 12, 1), datetime.date(y, 1, 1), datetime.date(y, 6, 1), datetime.date(y, 12, 1),
              datetime.date(y + 1, 1, 1), None]
    made = []

    def add(**values):
        values.setdefault("organisation_pk", rnd.choice(ORGS))
        values.setdefault("sex", rnd.choice(["female", "male", ""]))
        values.setdefault("age_band", rnd.choice(["0-17", "25-34", ""]))
        values.setdefault("citizenship_group", rnd.choice(["latvia", "eu", "non_eu", ""]))
        made.append(StatisticalRecord.objects.create(**values))

    for _ in range(260):
        forms = rnd.sample(FORMS, rnd.choice([0, 0, 1, 1, 2, 3]))
        if forms and rnd.random() < 0.15:
            forms.append(forms[0])  # the same code twice in one list
        add(exploitation_forms=forms, exploitation_countries=rnd.sample(COUNTRIES, rnd.choice([0, 1, 1, 2])),
            case_status=rnd.choice(STATUSES), opened_month=rnd.choice(months),
            person_cluster=rnd.choice(clusters) if rnd.random() < 0.4 else None,
            import_batch=uuid.uuid4() if rnd.random() < 0.03 else None)
    # One person, two records in the year: the same form at both, another form at one, two statuses.
    person = uuid.uuid4()
    add(exploitation_forms=["forced_labour"], exploitation_countries=["Īrija"], case_status="recognised",
        opened_month=datetime.date(y, 3, 1), person_cluster=person, organisation_pk=ORGS[0])
    add(exploitation_forms=["forced_labour", "forced_begging", "forced_labour"], exploitation_countries=["Īrija"],
        case_status="open", opened_month=datetime.date(y, 4, 1), person_cluster=person, organisation_pk=ORGS[1])
    # Values that are not a list count nowhere, not even as "not recorded".
    add(exploitation_forms="forced_labour", exploitation_countries={"Vācija": 1}, case_status="recognised",
        opened_month=datetime.date(y, 6, 1))
    return [StatisticalRecord.objects.get(pk=r.pk) for r in made]


def _in_scope(record, scope: Scope) -> bool:
    p = scope.period
    return (record.import_batch is None and record.opened_month is not None
            and p.first_month <= record.opened_month <= p.last_month
            and (scope.organisation_id is None or record.organisation_pk == scope.organisation_id))


def _person(record):
    return ("linked", record.person_cluster) if record.person_cluster else ("record", record.pk)


def _python_counts(records, scope: Scope, field: str, groups: dict | None = None) -> dict:
    """{code or group or None (empty list): {status column: persons}} by walking the records."""
    persons = defaultdict(lambda: {s: set() for s in figures.STATUS_COLUMNS})
    for record in records:
        values = getattr(record, field)
        if not _in_scope(record, scope) or not isinstance(values, list):
            continue
        if groups is None:
            keys = set(values) or {None}
        else:
            keys = {g for g, codes in groups.items() if set(values) & set(codes)} if values else {None}
        for key in keys:
            columns = persons[key]  # the key is there even with no one in either column
            for column, statuses in figures.STATUS_SETS.items():
                if record.case_status in statuses:
                    columns[column].add(_person(record))
    return {k: {c: len(v) for c, v in cols.items()} for k, cols in persons.items()}


def _scopes(y, today):
    year = figures.year(y, today)
    return [Scope(year), Scope(year, ORGS[0]), Scope(year, ORGS[1]), Scope(figures.month(y, 12, today)),
            Scope(figures.custom(datetime.date(y - 1, 12, 1), datetime.date(y + 1, 1, 31), today)),
            Scope(figures.month(y, 2, today))]


def _rows(table):
    return dict(zip(table.row_codes, table.cells, strict=True))


def test_the_query_gives_what_the_records_give_for_every_code_and_scope(records, y, clock_today):
    assert any(len(r.exploitation_forms or []) != len(set(r.exploitation_forms or [])) for r in records)
    for scope in _scopes(y, clock_today):
        for field in ("exploitation_forms", "exploitation_countries"):
            expected = _python_counts(records, scope, field)
            found = figures.list_counts(figures.registered(scope), field, figures.STATUS_SETS)
            assert {k[0]: v for k, v in found.items()} == expected, (scope, field)
    year = _python_counts(records, Scope(figures.year(y, clock_today)), "exploitation_forms")
    assert len([k for k, v in year.items() if k and v["identified"] and v["presumed"]]) >= 4
    assert year[None]["identified"] > 0


def test_forms_and_countries_tables_match_the_records(records, y, clock_today):
    for scope in _scopes(y, clock_today):
        forms = _python_counts(records, scope, "exploitation_forms")
        table = _rows(figures.by_form(scope))
        for code in table:
            key = None if code == "unknown" else code
            assert table[code] == [forms.get(key, {}).get(s, 0) for s in figures.STATUS_COLUMNS], (scope, code)
        countries = _python_counts(records, scope, "exploitation_countries")
        table = _rows(figures.by_exploitation_country(scope))
        shown = {k: [v[s] for s in figures.STATUS_COLUMNS] for k, v in countries.items() if k and any(v.values())}
        assert {k: v for k, v in table.items() if k != "unknown"} == shown, scope
        assert table["unknown"] == [countries.get(None, {}).get(s, 0) for s in figures.STATUS_COLUMNS]
    assert "Vācija" in _rows(figures.by_exploitation_country(Scope(figures.year(y, clock_today))))


def test_any_of_counts_a_person_once_however_many_of_the_codes_they_have(records, y, clock_today):
    for scope in _scopes(y, clock_today):
        for codes in (["Vācija", "Īrija"], ["Latvija"], list(COUNTRIES), []):
            expected = _python_counts(records, scope, "exploitation_countries", {"any": codes}).get("any", {})
            assert figures._any_of(scope, "exploitation_countries", codes) == [
                expected.get(s, 0) for s in figures.STATUS_COLUMNS], (scope, codes)
    full = figures._any_of(Scope(figures.year(y, clock_today)), "exploitation_countries", list(COUNTRIES))
    by_country = _rows(figures.by_exploitation_country(Scope(figures.year(y, clock_today))))
    assert 0 < full[0] < sum(v[0] for k, v in by_country.items() if k != "unknown")  # overlaps counted once


def test_the_linked_person_counts_once_per_form_and_in_each_status_column(records, y, clock_today):
    # Only the linked person's two records (recognised in March, open in April) fall in these months.
    march = Scope(figures.month(y, 3, clock_today))
    both = Scope(figures.custom(datetime.date(y, 3, 1), datetime.date(y, 4, 30), clock_today))
    assert _rows(figures.by_form(march))["forced_labour"] == [1, 0]
    forms = _rows(figures.by_form(both))
    assert forms["forced_labour"] == [1, 1]  # identified by one record, presumed by the other: one person
    assert forms["forced_begging"] == [0, 1]
    assert figures._any_of(both, "exploitation_forms", ["forced_labour", "forced_begging"]) == [1, 1]
    assert _rows(figures.by_exploitation_country(both))["Īrija"] == [1, 1]
    assert figures.persons(both).cells == [[1, 1]]
    at_first = _rows(figures.by_form(Scope(both.period, ORGS[0])))
    assert at_first["forced_labour"] == [1, 0] and at_first["forced_begging"] == [0, 0]


def test_the_report_layouts_group_forms_as_the_records_do(records, y, clock_today):
    dims = ("sex", "age_band", "citizenship_group", "case_status")
    for scope in _scopes(y, clock_today):
        for layout in (reports.EUROSTAT_GROUPS, reports.GLOTIP_GROUPS):
            found = reports._grouped(scope, layout)
            for group, _label, codes in layout:
                expected = defaultdict(set)
                for r in records:
                    forms = r.exploitation_forms
                    if not _in_scope(r, scope) or not isinstance(forms, list):
                        continue
                    if (set(forms) & set(codes)) if codes else not forms:
                        expected[tuple(getattr(r, d) for d in dims)].add(_person(r))
                got = {tuple(row[d] for d in dims): row["n"] for row in found[group]}
                assert got == {k: len(v) for k, v in expected.items()}, (scope, group)


def test_greta_counts_identified_persons_by_group_of_forms(records, y, clock_today):
    period = figures.custom(datetime.date(y - 1, 1, 1), datetime.date(y, 12, 31), clock_today)
    for organisation in (None, ORGS[0]):
        table = _rows(reports.greta(Scope(period, organisation)))
        for j, one in enumerate((figures.custom(datetime.date(y - 1, 1, 1), datetime.date(y - 1, 12, 31), clock_today),
                                 figures.year(y, clock_today))):
            groups = {"sexual": reports.SEXUAL, "labour": reports.LABOUR,
                      "other": reports.CRIMINAL + reports.OTHER_FORMS}
            expected = _python_counts(records, Scope(one, organisation), "exploitation_forms", groups)
            for group in groups:
                assert table[f"identified_{group}"][j] == expected.get(group, {}).get("identified", 0)


def test_the_month_indexes_are_there_and_on_postgresql_carry_what_the_figures_read(db):
    from django.db import connection

    table = StatisticalRecord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
        found = dict(cursor.fetchall())
    for name, month in (("stat_opened_idx", "opened_month"), ("stat_siva_received_idx", "siva_received_month"),
                        ("stat_course_start_idx", "course_start_month"), ("stat_course_end_idx", "course_end_month")):
        assert month in found[name]
    if connection.vendor == "postgresql":
        included = found["stat_opened_idx"].split("INCLUDE", 1)[1]
        for column in ("case_status", "person_cluster", "import_batch", "organisation_pk", "exploitation_forms",
                       "exploitation_countries", "sex", "citizenship_group"):
            assert column in included
        assert "siva_outcome" in found["stat_siva_received_idx"].split("INCLUDE", 1)[1]


def test_the_trend_counts_persons_per_year_as_the_records_do(records, y):
    years = [y - 2, y - 1, y, y + 1]
    for organisation in (None, *ORGS):
        expected = {year: {s: set() for s in figures.STATUS_COLUMNS} for year in years}
        for r in records:
            if (r.import_batch is None and r.opened_month is not None and r.opened_month.year in expected
                    and organisation in (None, r.organisation_pk)):
                for column, statuses in figures.STATUS_SETS.items():
                    if r.case_status in statuses:
                        expected[r.opened_month.year][column].add(_person(r))
        table = figures.identified_by_year(organisation, years)
        assert table.cells == [[len(expected[year][s]) for s in figures.STATUS_COLUMNS] for year in years]
    assert figures.identified_by_year(None, years).cells[2][0] > 0


@pytest.mark.django_db
def test_an_engine_other_than_postgresql_or_sqlite_is_refused_with_a_sentence(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connections

    monkeypatch.setattr(connections["default"], "vendor", "oracle")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL or SQLite, not on oracle"):
        figures.list_counts(StatisticalRecord.objects.all(), "exploitation_forms", {"all": None})
