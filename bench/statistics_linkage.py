"""Time the record linkage (statistics/linkage.py) on synthetic persons, and measure its quality.

    python bench/statistics_linkage.py [--n 1000 100000] [--threshold 0.80] [--duplicates 0.3]

For each N: N synthetic persons (Faker lv/ru/uk names) spread over five providers, a share of
them registered again at another provider with a typo, dropped diacritics, another
transliteration, swapped names or a swapped day and month (statistics/synthetic.py). Every record
is encoded (keyed CLK, 1024 bits), then matched: pairs sharing a blocking value are scored with
the Dice coefficient and joined at the threshold. Printed: records, encode time, candidate pairs,
match time, peak resident memory, and precision/recall over record pairs against the truth.
No database: the matcher is the same function `statistics_link` runs on the stored encodings.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, nargs="+", default=[1000, 100000], help="numbers of persons")
    p.add_argument("--threshold", type=float, default=None)
    p.add_argument("--duplicates", type=float, default=0.3, help="share of persons at a second provider")
    args = p.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    os.environ.setdefault("ATBALSTS_DEBUG", "1")
    import django

    django.setup()
    from atbalsts.statistics import linkage, synthetic

    threshold = args.threshold or linkage.THRESHOLD
    print(f"threshold {threshold}, duplicate share {args.duplicates}, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores")
    for n in args.n:
        t0 = time.perf_counter()
        records = synthetic.generate(n, duplicate_share=args.duplicates)
        t1 = time.perf_counter()
        run = linkage.encoder()
        encs = [run(r.given_names, r.surname, r.birth_date, r.sex) for r in records]
        t2 = time.perf_counter()
        clks = [e.clk for e in encs]
        dates = [e.block_date for e in encs]
        names = [e.block_name for e in encs]
        pairs = sum(len(i) for i, _j in linkage._candidate_pairs([dates, names]))
        t3 = time.perf_counter()
        labels = linkage.match(clks, dates, names, threshold)
        t4 = time.perf_counter()
        q = synthetic.pair_quality([r.person for r in records], labels)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"N={n:>9,} persons, {len(records):>9,} records | generate {t1 - t0:7.1f} s | "
              f"encode {t2 - t1:7.1f} s ({1e6 * (t2 - t1) / len(records):.0f} µs/record) | "
              f"candidate pairs {pairs:>11,} ({t3 - t2:5.1f} s) | match incl. blocking {t4 - t3:7.1f} s | "
              f"peak RSS {peak_mb:,.0f} MB")
        print(f"    precision {q['precision']:.4f}, recall {q['recall']:.4f} "
              f"({q['found_pairs']:,} pairs found, {q['true_pairs']:,} true); "
              f"{q['clusters']:,} persons counted for {q['persons']:,} real")


if __name__ == "__main__":
    main()
