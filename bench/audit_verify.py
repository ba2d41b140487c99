"""How long `audit verify` takes on a long trail, whole and incremental (ADR 0020g).

    ATBALSTS_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/atbalsts_bench \\
        .venv/bin/python bench/audit_verify.py --events 1000000 --day 20000 [--sample 1000]

It appends ``--events`` synthetic events to the chain (keyed hashes and MACs computed as the
application computes them, inserted in batches), runs a full verification (which leaves the
signed mark), appends ``--day`` more events (a busy day), then runs the incremental
verification. Prints events/s of the load and the seconds of each verification. Without
``DATABASE_URL`` it uses a fresh SQLite file in a temporary folder. The database is MIGRATED:
point it at a bench database (its name must contain "bench").
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ATBALSTS_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
_tmp = tempfile.mkdtemp(prefix="atbalsts-bench-audit-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ["ATBALSTS_AUDIT_CHECKPOINT_DIR"] = _tmp

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from atbalsts.audit import checkpoints, keys  # noqa: E402
from atbalsts.audit.log import GENESIS, MAIN_CHAIN, _event_mac, compute_hash, verify  # noqa: E402
from atbalsts.audit.models import Action, AuditEvent  # noqa: E402


def append(count: int, batch: int = 5000) -> float:
    key_id, key = keys.current()
    last = AuditEvent.objects.filter(chain=MAIN_CHAIN).order_by("-seq").values_list("seq", "hash").first()
    seq, prev = last or (0, GENESIS)
    at = timezone.now() - datetime.timedelta(days=1)
    started = time.perf_counter()
    done = 0
    while done < count:
        events = []
        for _ in range(min(batch, count - done)):
            seq += 1
            event = AuditEvent(
                chain=MAIN_CHAIN, seq=seq, at=at, actor_id=None, actor_username="bench_sw", organisation_id=None,
                organisation_name="Bench provider (synthetic data)", role="social_worker", action=Action.READ,
                object_type="client", object_ref=f"BENCH{seq:07d}", purpose="", detail={}, prev_hash=prev,
                key_id=key_id,
            )
            event.hash = compute_hash(prev, event)
            event.mac = _event_mac(key, event)
            prev = event.hash
            events.append(event)
        with transaction.atomic():
            AuditEvent.objects.bulk_create(events)
        done += len(events)
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--day", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()
    name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" and "bench" not in str(name):
        sys.exit(f"refusing to migrate {name!r}: its name must contain 'bench'")
    call_command("migrate", verbosity=0)
    if AuditEvent.objects.exists():
        sys.exit("the bench database already holds audit events: drop it first")
    rate = append(args.events)
    print(f"{connection.vendor}: loaded {args.events:,} events at {rate:,.0f}/s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_auditevent")
    checkpoints.write()
    started = time.perf_counter()
    problems = verify()
    full = time.perf_counter() - started
    print(f"full verify of {args.events:,} events: {full:.1f} s ({args.events / full:,.0f} events/s), "
          f"problems: {len(problems)}")
    append(args.day)
    started = time.perf_counter()
    problems = verify(incremental=True, sample=args.sample)
    incremental = time.perf_counter() - started
    print(f"incremental verify of a day of {args.day:,} events (+ {args.sample:,} older ones again): "
          f"{incremental:.2f} s, problems: {len(problems)}")


if __name__ == "__main__":
    main()
