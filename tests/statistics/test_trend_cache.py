"""The trend's lines are kept in the cache per year, under a stamp that database triggers replace
whenever a record of that year is written (``YearStamp``, migration 0006). Whatever writes the
records (a model's save, a bulk update as the record linkage does, a queryset update, a delete,
a bulk insert as an import does, plain SQL), the trend shown is the trend counted afresh."""

from __future__ import annotations

import datetime
import random
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atbalsts.statistics import figures
from atbalsts.statistics.models import StatisticalRecord, YearStamp

ORGS = (21, 22)
STATUSES = ("open", "interviewed", "commission", "recognised", "not_recognised", "")


@pytest.fixture
def years(clock_today):
    return list(range(clock_today.year - 4, clock_today.year + 1))


@pytest.fixture
def made(db, years):
    rnd = random.Random(7)
    people = [uuid.uuid4() for _ in range(15)]
    StatisticalRecord.objects.bulk_create([
        StatisticalRecord(case_status=rnd.choice(STATUSES), organisation_pk=rnd.choice(ORGS),
                          opened_month=datetime.date(rnd.choice(years), rnd.randrange(1, 13), 1),
                          person_cluster=rnd.choice(people) if rnd.random() < 0.4 else None)
        for _ in range(150)
    ])
    return rnd


def _expected(years: list[int], organisation: int | None) -> list[list[int]]:
    """Persons per year and status, counted in Python over every record."""
    found = {y: {s: set() for s in figures.STATUS_COLUMNS} for y in years}
    for r in StatisticalRecord.objects.all():
        if (r.import_batch is None and r.opened_month is not None and r.opened_month.year in found
                and organisation in (None, r.organisation_pk)):
            person = ("linked", r.person_cluster) if r.person_cluster else ("record", r.pk)
            for column, statuses in figures.STATUS_SETS.items():
                if r.case_status in statuses:
                    found[r.opened_month.year][column].add(person)
    return [[len(found[y][s]) for s in figures.STATUS_COLUMNS] for y in years]


def _check(years: list[int]) -> None:
    for organisation in (None, *ORGS):
        assert figures.identified_by_year(organisation, years).cells == _expected(years, organisation)


def _tokens() -> dict[int, str]:
    return dict(YearStamp.objects.values_list("year", "token"))


def test_a_kept_year_is_read_from_the_cache_and_not_counted_again(made, years):
    _check(years)
    with CaptureQueriesContext(connection) as queries:
        table = figures.identified_by_year(None, years)
    assert table.cells == _expected(years, None)
    assert len(queries) == 1 and "yearstamp" in queries[0]["sql"].lower()
    # A record of one year is written: that year alone is counted again.
    StatisticalRecord.objects.create(case_status="recognised", opened_month=datetime.date(years[1], 5, 1))
    with CaptureQueriesContext(connection) as queries:
        table = figures.identified_by_year(None, years)
    assert table.cells == _expected(years, None)
    counted = [q["sql"] for q in queries if "statisticalrecord" in q["sql"].lower()]
    assert counted and all(str(years[1]) in sql and str(years[3]) not in sql for sql in counted)


def test_the_trend_follows_every_kind_of_write_to_a_closed_year(made, years):
    rnd = made
    _check(years)
    closed, other = years[0], years[2]
    before = _tokens()
    # A queryset update of one closed year's statuses: its stamp changes, no other year's.
    StatisticalRecord.objects.filter(opened_month__year=closed).exclude(case_status="recognised").update(
        case_status="recognised")
    after = _tokens()
    assert after[closed] != before[closed]
    assert all(after[y] == before[y] for y in years if y != closed)
    _check(years)
    # The record linkage's way: bulk_update of the person clusters across two years.
    person = uuid.uuid4()
    linked = list(StatisticalRecord.objects.filter(opened_month__year__in=[closed, other], person_cluster=None)[:6])
    for r in linked:
        r.person_cluster = person
    StatisticalRecord.objects.bulk_update(linked, ["person_cluster"])
    _check(years)
    # A record moved from one year to another by its save(): both years change.
    moved = StatisticalRecord.objects.filter(opened_month__year=other, case_status="recognised").first()
    moved.opened_month = datetime.date(closed, 2, 1)
    moved.save()
    _check(years)
    # Deleted; imported in bulk; put into a sandbox import; changed by plain SQL.
    StatisticalRecord.objects.filter(opened_month__year=years[1], case_status="open").delete()
    StatisticalRecord.objects.bulk_create([
        StatisticalRecord(case_status=rnd.choice(STATUSES[:4]), organisation_pk=ORGS[1],
                          opened_month=datetime.date(years[3], 3, 1)) for _ in range(7)])
    StatisticalRecord.objects.filter(opened_month__year=years[4]).update(import_batch=uuid.uuid4())
    _check(years)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE statistics_statisticalrecord SET case_status = %s WHERE case_status = %s",
                       ["interviewed", "not_recognised"])
    _check(years)
    assert any(any(line) for line in figures.identified_by_year(None, years).cells)
    # Every record gone at once (TRUNCATE on PostgreSQL, which fires no row triggers).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE statistics_statisticalrecord")
        else:
            cursor.execute("DELETE FROM statistics_statisticalrecord")
    assert figures.identified_by_year(None, years).cells == [[0, 0] for _y in years]


def test_records_without_a_month_have_their_own_stamp(made, years):
    before = _tokens()
    StatisticalRecord.objects.create(case_status="open", opened_month=None)
    after = _tokens()
    assert 0 in after and after[0] != before.get(0)
    assert all(after[y] == before[y] for y in years)
