"""Time the streamed national HTCDS export (statistics/htcds.py) and its peak memory.

    export ATBALSTS_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/atbalsts_bench_stats
    python bench/statistics_export.py --records 100000 [--load] [--out /dev/null] [--api]

``--load`` first deletes every statistical record of that database (it refuses a database whose
name lacks "bench") and loads N synthetic ones with varied coarse values (``synthetic``: the same
records for the same seed; with COPY on PostgreSQL, about 45 s for 1,000,000, then VACUUM
ANALYZE so that the figures' index-only scans work as they would on a vacuumed table). Then the export
runs twice: once timed (rows/s, peak resident memory), once under tracemalloc for the peak of
Python allocations during the export. The CSV goes to --out (default /dev/null).

``--api`` also times the k-anonymous dataset as ``/api/statistics/htcds-national/`` writes it
(``anonymity.national_export``: one pass to plan the suppression, then the JSON streamed a record
at a time), and again under tracemalloc.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import sys
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


FORMS = ["sexual_prostitution", "forced_labour", "forced_begging", "sham_marriage", "domestic_servitude",
         "criminal_theft", "debt_bondage"]
COUNTRIES = ["Latvija", "Vācija", "Īrija", "Lielbritānija", "Norvēģija", "Zviedrija"]
PROVIDERS = 5
COPY_FIELDS = ("id", "sex", "age_band", "age_band5", "exploitation_age_band", "citizenship_group",
               "citizenship_country", "exploitation_forms", "exploitation_countries", "recruitment_method",
               "case_status", "ground", "opened_month", "recognised_month", "siva_outcome", "siva_received_month",
               "siva_decision_days", "siva_decision_working_days", "siva_refusal_reason", "course_start_month",
               "course_end_month", "course_closure_reason", "course_days", "person_cluster", "organisation_pk",
               "first_contact_kind")


def _month_after(month: datetime.date, n: int) -> datetime.date:
    total = month.year * 12 + month.month - 1 + n
    return datetime.date(total // 12, total % 12 + 1, 1)


def synthetic(n: int, seed: int = 5) -> Iterator[dict]:
    """N records' values with varied coarse values, the same for a given seed: cases opened over
    2015–2026; 0–2 forms and 1–2 countries (now and then a code twice); about 30 % of the persons
    registered by two providers (two records, one person cluster); SIVA applications, decisions
    and courses for some of them."""
    rnd = random.Random(seed)
    cluster = None
    for _i in range(n):
        opened = datetime.date(2015 + rnd.randrange(12), 1 + rnd.randrange(12), 1)
        status = rnd.choice(["open", "interviewed", "commission", "recognised", "recognised", "not_recognised"])
        forms = rnd.sample(FORMS, rnd.randrange(3))
        countries = rnd.sample(COUNTRIES, 1 + (rnd.random() < 0.2))
        if rnd.random() < 0.01:
            forms = forms + forms[:1]
        # Linked persons: this record is the second one of the previous record's person.
        if cluster is not None and rnd.random() < 0.5:
            person, cluster = cluster, None
        elif rnd.random() < 0.3:
            person = cluster = uuid.UUID(int=rnd.getrandbits(128), version=4)
        else:
            person = cluster = None
        band = rnd.choice(["0-17", "18-24", "25-34", "35-44", "45-54", ""])
        values = dict(
            id=uuid.UUID(int=rnd.getrandbits(128), version=4),
            sex=rnd.choice(["female", "male", ""]), age_band=band,
            age_band5=rnd.choice(["15-19", "20-24", "25-29", "30-34", "35-39", ""]) if band else "",
            exploitation_age_band=rnd.choice(["0-17", "18-24", "25-34", ""]),
            citizenship_group=rnd.choice(["latvia", "eu", "non_eu", ""]),
            citizenship_country=rnd.choice(["Latvija", "Lietuva", "Ukraina", "Krievija", ""]),
            exploitation_forms=forms, exploitation_countries=countries,
            recruitment_method=rnd.choice(["online_job_ad", "acquaintance", "relative", "social_media", ""]),
            case_status=status, ground=rnd.choice(["commission", "proceedings"]) if status == "recognised" else "",
            opened_month=opened,
            recognised_month=_month_after(opened, rnd.randrange(4)) if status == "recognised" else None,
            siva_outcome="", siva_received_month=None, siva_decision_days=None, siva_decision_working_days=None,
            siva_refusal_reason="", course_start_month=None, course_end_month=None, course_closure_reason="",
            course_days=None, person_cluster=person, organisation_pk=1 + rnd.randrange(PROVIDERS),
            first_contact_kind=rnd.choice(["service_provider", "municipal_social_service", "hotline", "state_police"]),
        )
        if rnd.random() < 0.6:
            values["siva_received_month"] = received = _month_after(opened, rnd.randrange(3))
            values["siva_outcome"] = outcome = rnd.choice(["grant", "grant", "grant", "refuse", "queue"])
            if outcome != "queue":
                values["siva_decision_working_days"] = days = 1 + rnd.randrange(12)
                values["siva_decision_days"] = days + 2 * (days // 5)
            if outcome == "refuse":
                values["siva_refusal_reason"] = rnd.choice(["documents_incomplete", "not_eligible", ""])
            if outcome == "grant":
                values["course_start_month"] = start = _month_after(received, 1)
                if rnd.random() < 0.3:
                    values["course_days"] = length = 10 + rnd.randrange(170)
                    values["course_end_month"] = _month_after(start, length // 30)
                    values["course_closure_reason"] = rnd.choice(["withdrew", "moved_away", "died", ""])
        yield values


def _copy_cell(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def load(n: int, seed: int = 5) -> None:
    """Delete every statistical record and load N synthetic ones: COPY on PostgreSQL, bulk_create
    elsewhere."""
    from django.db import connection, transaction

    from atbalsts.statistics.models import StatisticalRecord

    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        sys.exit(f"Refusing to load into {name!r}: its name lacks 'bench'.")
    t0 = time.perf_counter()
    rows = synthetic(n, seed)
    if connection.vendor == "postgresql":
        table = StatisticalRecord._meta.db_table
        columns = ", ".join(StatisticalRecord._meta.get_field(f).column for f in COPY_FIELDS)
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"TRUNCATE {table}")
            with cur.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for i, values in enumerate(rows, 1):
                    copy.write("\t".join(_copy_cell(values[f]) for f in COPY_FIELDS) + "\n")
                    if i % 200_000 == 0:
                        print(f"  loaded {i:,} ({i / (time.perf_counter() - t0):,.0f}/s)")
        with connection.cursor() as cur:
            cur.execute(f"VACUUM ANALYZE {table}")
    else:
        StatisticalRecord.objects.all().delete()
        batch = []
        for values in rows:
            batch.append(StatisticalRecord(**values))
            if len(batch) == 5000:
                StatisticalRecord.objects.bulk_create(batch)
                batch = []
        StatisticalRecord.objects.bulk_create(batch)
    print(f"loaded {n:,} records in {time.perf_counter() - t0:.1f} s")


def export(out: str) -> tuple[int, float]:
    from atbalsts.statistics import htcds

    lines = 0
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8") as fh:
        for line in htcds.national_csv():
            fh.write(line)
            lines += 1
    return lines - 1, time.perf_counter() - t0


def export_api(out: str) -> tuple[int, float, float]:
    """The API's answer body: (records, seconds to plan, seconds in all)."""
    from atbalsts.statistics import anonymity, reports
    from atbalsts.statistics.api import dataset_json
    from atbalsts.statistics.models import StatisticalRecord

    t0 = time.perf_counter()
    dataset = anonymity.national_export(StatisticalRecord.objects.filter(import_batch__isnull=True),
                                        threshold=reports.threshold())
    planned = time.perf_counter() - t0
    with open(out, "w", encoding="utf-8") as fh:
        for piece in dataset_json(dataset.summary, dataset.records()):
            fh.write(piece)
    return dataset.rows, planned, time.perf_counter() - t0


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--load", action="store_true", help="delete and load N synthetic records first")
    p.add_argument("--out", default=os.devnull)
    p.add_argument("--api", action="store_true", help="also time the k-anonymous dataset as the API writes it")
    p.add_argument("--api-only", action="store_true", help="time only the k-anonymous dataset (no plain export; "
                   "with /usr/bin/time -v the peak RSS is then the dataset's)")
    p.add_argument("--no-tracemalloc", action="store_true", help="skip the second, much slower runs under tracemalloc")
    args = p.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    os.environ.setdefault("ATBALSTS_DEBUG", "1")
    import django

    django.setup()
    from django.db import connection

    if args.load:
        load(args.records)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not args.api_only:
        rows, seconds = export(args.out)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{connection.vendor}: exported {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s); "
              f"peak RSS {rss_after:,.0f} MB (before the export {rss_before:,.0f} MB)")
    if not (args.api_only or args.no_tracemalloc):
        tracemalloc.start()
        rows, seconds = export(args.out)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"under tracemalloc: {rows:,} rows in {seconds:.1f} s, peak Python allocations {peak / 2**20:.1f} MB")
    if args.api or args.api_only:
        rows, planned, seconds = export_api(args.out)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"API dataset (k-anonymous JSON): {rows:,} records in {seconds:.1f} s (plan {planned:.1f} s, "
              f"{rows / seconds:,.0f} records/s); peak RSS {rss:,.0f} MB (before {rss_before:,.0f} MB)")
    if (args.api or args.api_only) and not args.no_tracemalloc:
        tracemalloc.start()
        rows, planned, seconds = export_api(args.out)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"API dataset under tracemalloc: {rows:,} records in {seconds:.1f} s, "
              f"peak Python allocations {peak / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
