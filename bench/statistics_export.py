"""Time the streamed national HTCDS export (statistics/htcds.py) and its peak memory.

    export ATBALSTS_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/atbalsts_bench_stats
    python bench/statistics_export.py --records 100000 [--load] [--out /dev/null] [--api]

``--load`` first deletes every statistical record of that database (it refuses a database whose
name lacks "bench") and bulk-loads N synthetic ones with varied coarse values. Then the export
runs twice: once timed (rows/s, peak resident memory), once under tracemalloc for the peak of
Python allocations during the export. The CSV goes to --out (default /dev/null).

``--api`` also times the k-anonymous dataset as ``/api/statistics/htcds-national/`` writes it
(``anonymity.national_export``: one pass to plan the suppression, then the JSON streamed a record
at a time), and again under tracemalloc.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load(n: int, seed: int = 5) -> None:
    from django.db import connection

    from atbalsts.statistics.models import StatisticalRecord

    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        sys.exit(f"Refusing to load into {name!r}: its name lacks 'bench'.")
    rnd = random.Random(seed)
    StatisticalRecord.objects.all().delete()
    forms = ["sexual_prostitution", "forced_labour", "forced_begging", "sham_marriage", "domestic_servitude"]
    countries = ["Latvija", "Vācija", "Īrija", "Lielbritānija", "Norvēģija", "Zviedrija"]
    t0 = time.perf_counter()
    batch = []
    for i in range(n):
        opened = datetime.date(2015 + rnd.randrange(12), 1 + rnd.randrange(12), 1)
        batch.append(StatisticalRecord(
            sex=rnd.choice(["female", "male", ""]), age_band=rnd.choice(["0-17", "18-24", "25-34", "35-44", ""]),
            citizenship_group=rnd.choice(["latvia", "eu", "non_eu", ""]),
            exploitation_forms=rnd.sample(forms, rnd.randrange(3)), exploitation_countries=rnd.sample(countries, 1),
            recruitment_method=rnd.choice(["online_job_ad", "acquaintance", "relative", ""]),
            case_status=rnd.choice(["open", "interviewed", "recognised", "not_recognised"]),
            ground=rnd.choice(["", "commission", "proceedings"]), opened_month=opened,
            siva_outcome=rnd.choice(["", "grant", "refuse"]), siva_decision_days=rnd.choice([None, 1, 2, 3, 5]),
        ))
        if len(batch) == 5000:
            StatisticalRecord.objects.bulk_create(batch)
            batch = []
        if i and i % 200_000 == 0:
            print(f"  loaded {i:,} ({i / (time.perf_counter() - t0):,.0f}/s)")
    StatisticalRecord.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE statistics_statisticalrecord")
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
    args = p.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    os.environ.setdefault("ATBALSTS_DEBUG", "1")
    import django

    django.setup()
    from django.db import connection

    if args.load:
        load(args.records)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows, seconds = export(args.out)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{connection.vendor}: exported {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s); "
          f"peak RSS {rss_after:,.0f} MB (before the export {rss_before:,.0f} MB)")
    tracemalloc.start()
    rows, seconds = export(args.out)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"under tracemalloc: {rows:,} rows in {seconds:.1f} s, peak Python allocations {peak / 2**20:.1f} MB")
    if args.api:
        rows, planned, seconds = export_api(args.out)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"API dataset (k-anonymous JSON): {rows:,} records in {seconds:.1f} s (plan {planned:.1f} s, "
              f"{rows / seconds:,.0f} records/s); peak RSS {rss:,.0f} MB")
        tracemalloc.start()
        rows, planned, seconds = export_api(args.out)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"API dataset under tracemalloc: {rows:,} records in {seconds:.1f} s, "
              f"peak Python allocations {peak / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
