"""Time every figure of the statistics dashboard and every report table, cold and warm.

    export ATBALSTS_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/atbalsts_bench_stats
    python bench/statistics_dashboard.py --records 100000 [--load] [--year 2026] [--repeat 3]

``--load`` first deletes every statistical record of that database and loads N synthetic
ones with the generator of ``bench/statistics_export.py`` (which refuses a database whose name
lacks "bench"; so does this script, before anything else runs). Then, for the national view of
one year, each figure is counted once on a fresh database connection ("cold") and ``--repeat``
more times ("warm", the median), and each table is also passed through the disclosure control
(``reports.publish``: suppression and the auditor) once with an empty cache ("protect") and
then the median of ``--repeat`` reads of the protected table kept in the cache ("cached",
``protection_cache``). The whole dashboard (``dashboard.build``, charts included) is timed cold
with an empty cache and warm (the median of ``--repeat``, protected tables cached). Prints one
table.
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
sys.path.insert(0, str(ROOT / "bench"))


def _figures(scope, viewer, period):
    """(name, function returning a Table) for every table the dashboard and the reports show."""
    from atbalsts.statistics import dashboard, figures, reports

    out = [(f.__name__, lambda f=f: f(scope)) for f in (
        figures.persons, figures.by_sex, figures.by_child_adult, figures.by_age5, figures.by_exploitation_age,
        figures.by_citizenship_group, figures.by_citizenship_country, figures.by_form,
        figures.by_exploitation_country, figures.by_recruitment, figures.by_first_contact, figures.by_ground,
        figures.siva_outcomes, figures.siva_refusals, figures.siva_queue, figures.courses, figures.services,
        figures.aftercare, figures.municipal_and_hotline)]
    out.append(("siva_timeliness (fact)", lambda: figures.siva_timeliness(scope)))
    out.append(("course_length (fact)", lambda: figures.course_length(scope)))
    out.append(("trend_table", lambda: dashboard.trend_table(viewer, period)))
    out += [(f"report: {name}", lambda f=f: f(scope)) for name, f in reports.LAYOUTS.items()]
    return out


def _cold(fn) -> float:
    from django.db import connection

    connection.close()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _warm(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=1000)
    p.add_argument("--load", action="store_true", help="delete and load N synthetic records first")
    p.add_argument("--year", type=int, default=2024, help="the year whose figures are timed (the loader "
                                                           "spreads cases over 2015–2026)")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    if not 1 <= args.repeat <= 50 or not 1 <= args.records <= 10_000_000:
        sys.exit("--repeat must be 1–50 and --records 1–10,000,000.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    os.environ.setdefault("ATBALSTS_DEBUG", "1")
    import django

    django.setup()
    from django.db import connection
    from django.utils import translation

    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        sys.exit(f"Refusing to run against {name!r}: its name lacks 'bench'.")
    if args.load:
        from statistics_export import load

        load(args.records)

    from atbalsts.accounts.models import Organisation, OrganisationKind
    from atbalsts.statistics import dashboard, figures, reports
    from atbalsts.statistics.access import Viewer
    from atbalsts.statistics.models import StatisticalRecord

    class _Actor:  # the national view needs no signed-in user for counting
        organisation = Organisation(name="bench", kind=OrganisationKind.NATIONAL_COORDINATOR)

    viewer = Viewer(_Actor(), None)
    import datetime

    period = figures.year(args.year, datetime.date(args.year, 12, 31))
    scope = figures.Scope(period)
    total = StatisticalRecord.objects.count()
    in_year = figures.registered(scope).count()
    print(f"{connection.vendor} ({name}): {total:,} records, {in_year:,} opened in {args.year}; "
          f"median of {args.repeat}")
    print(f"{'figure':<34} {'cold ms':>9} {'warm ms':>9} {'+protect ms':>12} {'cached ms':>10}")
    from atbalsts.statistics import protection_cache

    def empty_cache() -> None:
        # New keys rather than cache.clear(): the cache may be shared with a running system.
        protection_cache.VERSION = f"bench-{time.time_ns()}"

    with translation.override("lv"):
        for label, fn in _figures(scope, viewer, period):
            cold = _cold(fn)
            warm = _warm(fn, args.repeat)
            table = fn()
            shown = ""
            if hasattr(table, "cells"):
                empty_cache()
                protect = _warm(lambda t=table: reports.publish(t, viewer), 1)
                cached = _warm(lambda t=table: reports.publish(t, viewer), args.repeat)
                shown = f"{protect * 1000:12.1f} {cached * 1000:10.1f}"
            print(f"{label:<34} {cold * 1000:9.1f} {warm * 1000:9.1f} {shown}")
        build = lambda: dashboard.build(viewer, period)  # noqa: E731
        empty_cache()
        cold, warm = _cold(build), _warm(build, args.repeat)
        print(f"{'whole dashboard (dashboard.build)':<34} {cold * 1000:9.1f} {warm * 1000:9.1f} {'(incl.)':>12}")


if __name__ == "__main__":
    main()
