"""Time the dashboard's 15-year trend with its per-year lines kept in the cache, and check that
the lines kept are the lines counted.

    export ATBALSTS_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/atbalsts_bench_stats1m
    python bench/statistics_trend.py [--year 2026] [--repeat 3]

Run after ``statistics_dashboard.py --load`` (it refuses a database whose name lacks "bench").
On a fresh connection it times: every year counted (the cache's entries of these years deleted
one by one, never the whole cache), every year read from the cache, and one year counted again
after one of its records was written (the record is written back as it was, so the figures do
not change; the year's stamp does, twice). Each line is also compared with a count that uses no
cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--year", type=int, default=2026, help="the last year of the trend")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    os.environ.setdefault("ATBALSTS_DEBUG", "1")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection

    from atbalsts.statistics import dashboard, figures
    from atbalsts.statistics.models import StatisticalRecord, YearStamp

    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        sys.exit(f"Refusing to run on {name!r}: its name lacks 'bench'.")
    years = list(range(args.year - dashboard.TREND_YEARS + 1, args.year + 1))

    def forget() -> None:
        stamps = dict(YearStamp.objects.filter(year__in=years).values_list("year", "token"))
        cache.delete_many([figures._trend_key(y, None, stamps.get(y, "")) for y in years])

    def timed() -> tuple[float, list]:
        t0 = time.perf_counter()
        cells = figures.identified_by_year(None, years).cells
        return time.perf_counter() - t0, cells

    counted, kept, changed = [], [], []
    for _ in range(args.repeat):
        forget()
        connection.close()
        seconds, first = timed()
        counted.append(seconds)
        seconds, again = timed()
        kept.append(seconds)
        record = StatisticalRecord.objects.filter(opened_month__year=args.year).order_by().first()
        status = record.case_status
        StatisticalRecord.objects.filter(pk=record.pk).update(case_status="commission" if status != "commission"
                                                              else "open")
        StatisticalRecord.objects.filter(pk=record.pk).update(case_status=status)
        seconds, after = timed()
        changed.append(seconds)
        fresh = figures._count_years(None, years)
        assert first == again == after == [[fresh[y][s] for s in figures.STATUS_COLUMNS] for y in years], \
            "the kept lines differ from the counted ones"
    print(f"{connection.vendor} ({name}): trend {years[0]}–{years[-1]}, median of {args.repeat} ms: "
          f"every year counted {statistics.median(counted) * 1000:.1f} (runs "
          f"{', '.join(f'{s * 1000:.0f}' for s in counted)}); every year kept {statistics.median(kept) * 1000:.1f}; "
          f"one year counted again {statistics.median(changed) * 1000:.1f} (runs "
          f"{', '.join(f'{s * 1000:.0f}' for s in changed)}); lines equal to a count without the cache")


if __name__ == "__main__":
    main()
