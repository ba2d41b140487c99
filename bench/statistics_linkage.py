"""Time the record linkage (statistics/linkage.py) on synthetic persons, and measure its quality.

    python bench/statistics_linkage.py [--n 1000 100000 1000000] [--threshold 0.80] [--duplicates 0.3]
                                       [--processes 2]

For each N: N synthetic persons (Faker lv/ru/uk names) spread over five providers, a share of
them registered again at another provider with a typo, dropped diacritics, another
transliteration, swapped names or a swapped day and month (statistics/synthetic.py). Every record
is encoded (keyed CLK, 1024 bits; `linkage.encode_batch`, in worker processes), then matched:
pairs sharing a blocking value are scored with the Dice coefficient and joined at the threshold.
Printed: records, encode time, candidate pairs, match time, peak resident memory (this process
and, separately, the largest worker), and precision/recall over record pairs against the truth.
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


def _cpu() -> float:
    """CPU seconds of this process and its finished workers: what the work costs whatever the
    load of the machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, nargs="+", default=[1000, 100000], help="numbers of persons")
    p.add_argument("--threshold", type=float, default=None)
    p.add_argument("--duplicates", type=float, default=0.3, help="share of persons at a second provider")
    p.add_argument("--processes", type=int, default=None, help="encoding processes (default: the cores, at most 8)")
    args = p.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    os.environ.setdefault("ATBALSTS_DEBUG", "1")
    import django

    django.setup()
    from atbalsts.statistics import linkage, synthetic

    threshold = args.threshold or linkage.THRESHOLD
    print(f"threshold {threshold}, duplicate share {args.duplicates}, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores, {args.processes or linkage.default_processes()} encoding processes, "
          f"load average {os.getloadavg()[0]:.2f}")
    for n in args.n:
        t0 = time.perf_counter()
        records = synthetic.generate(n, duplicate_share=args.duplicates)
        t1, c1 = time.perf_counter(), _cpu()
        batch = linkage.encode_batch(((r.given_names, r.surname, r.birth_date, r.sex) for r in records),
                                     processes=args.processes)
        t2, c2 = time.perf_counter(), _cpu()
        labels, stats = linkage.match_with_stats(batch.words, (batch.block_date, batch.has_date),
                                                 (batch.block_name, batch.has_name), threshold)
        t4, c4 = time.perf_counter(), _cpu()
        q = synthetic.pair_quality([r.person for r in records], labels.tolist())
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"N={n:>9,} persons, {len(records):>9,} records | generate {t1 - t0:7.1f} s | "
              f"encode {t2 - t1:7.1f} s ({1e6 * (t2 - t1) / len(records):.0f} µs/record, CPU {c2 - c1:.1f} s) | "
              f"candidate pairs {stats['candidate_pairs']:>11,} (scored {stats['scored_pairs']:,}, "
              f"{stats['oversized_blocks']} blocks over {linkage.MAX_BLOCK:,} left out) | "
              f"match incl. blocking {t4 - t2:7.1f} s (CPU {c4 - c2:.1f} s) | peak RSS {peak_mb:,.0f} MB "
              f"(largest worker {worker_mb:,.0f} MB)")
        print(f"    load average {os.getloadavg()[0]:.2f}; precision {q['precision']:.4f}, recall {q['recall']:.4f} "
              f"({q['found_pairs']:,} pairs found, {q['true_pairs']:,} true); "
              f"{q['clusters']:,} persons counted for {q['persons']:,} real")


if __name__ == "__main__":
    main()
