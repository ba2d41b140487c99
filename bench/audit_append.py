"""How many audit events per second many processes can append (issue 14, ADR 0022).

    ATBALSTS_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/atbalsts_bench_append \\
        .venv/bin/python bench/audit_append.py --processes 8 --events 1500 --chains 1,8

For each number of chains it starts ``--processes`` processes (multiprocessing, fork); each
appends ``--events`` events through ``atbalsts.audit.log.record``, one transaction (one commit)
per event as an audited read commits its event, all released at the same moment. It prints the
events/s over the wall time from the release to the last process's end, how the events fell on
the chains, and whether ``audit verify`` holds afterwards. Checkpoints are written every
ATBALSTS_AUDIT_CHECKPOINT_EVERY events, as in production, into a temporary folder.

``--batch N`` appends the events N at a time: each transaction records N events inside
``audit.log.batched()``, as a request does that records several reads (ADR 0022, "Batched
appends"); one claim of a chain, one multi-row insert and one commit per N events.

``--no-sync-commit`` is a DIAGNOSTIC only: it sets ``synchronous_commit = off`` in the bench's
own sessions, to show how much of the cost is waiting for the commit's WAL flush. The product
never does this (an audited read must not be reported before its event is durable).

The database is MIGRATED and audit events are appended to it: PostgreSQL only, and its name
must contain "bench".
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ATBALSTS_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
os.environ["ATBALSTS_AUDIT_CHECKPOINT_DIR"] = tempfile.mkdtemp(prefix="atbalsts-bench-append-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from atbalsts.audit.log import batched, record, verify  # noqa: E402
from atbalsts.audit.models import Action, AuditEvent  # noqa: E402


def worker(chains: int, count: int, sync_commit: bool, batch: int, start, results) -> None:
    connection.close()  # never share the parent's connection across fork
    settings.AUDIT_CHAINS = chains
    if not sync_commit:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
    record(None, Action.LOGIN, object_type="user", object_ref="bench")  # connect before the clock starts
    start.wait()
    began = time.perf_counter()
    if batch <= 1:
        for i in range(count):
            record(None, Action.READ, object_type="client", object_ref=f"BENCH{os.getpid()}-{i}")
    else:
        for first in range(0, count, batch):
            with batched():
                for i in range(first, min(first + batch, count)):
                    record(None, Action.READ, object_type="client", object_ref=f"BENCH{os.getpid()}-{i}")
    results.put(time.perf_counter() - began)
    connection.close()


def run(chains: int, processes: int, count: int, sync_commit: bool, batch: int = 1) -> None:
    before = dict(AuditEvent.objects.values_list("chain").annotate(n=Count("id")).order_by())
    connection.close()
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(processes + 1), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(chains, count, sync_commit, batch, start, results))
             for _ in range(processes)]
    for proc in procs:
        proc.start()
    start.wait()
    began = time.perf_counter()
    times = [results.get(timeout=1800) for _ in procs]
    wall = time.perf_counter() - began
    for proc in procs:
        proc.join()
    after = dict(AuditEvent.objects.values_list("chain").annotate(n=Count("id")).order_by())
    spread = {chain: n - before.get(chain, 0) for chain, n in sorted(after.items()) if n - before.get(chain, 0)}
    total = processes * count
    print(
        f"chains={chains} processes={processes} events={total:,} batch={batch} "
        f"sync_commit={'on' if sync_commit else 'OFF'}: "
        f"{total / wall:,.0f} events/s (wall {wall:.1f} s; slowest process {max(times):.1f} s)"
    )
    print(f"  events per chain (incl. {processes} warm-up): {spread}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--events", type=int, default=1500, help="events per process")
    parser.add_argument("--chains", default="1,8", help="comma-separated numbers of chains to measure in turn")
    parser.add_argument("--batch", type=int, default=1, help="events per transaction, 1-1000 (default 1)")
    parser.add_argument("--no-sync-commit", action="store_true", help="diagnostic: synchronous_commit=off")
    parser.add_argument("--verify", action="store_true", help="run a full `audit verify` at the end")
    args = parser.parse_args()
    if not 1 <= args.batch <= 1000:
        sys.exit("--batch must be from 1 to 1000")
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or "bench" not in str(name):
        sys.exit(f"refusing to use {name!r}: a PostgreSQL database whose name contains 'bench' is needed")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        server_sync = cursor.fetchone()[0]
        cursor.execute("SHOW fsync")
        server_fsync = cursor.fetchone()[0]
    print(f"server: synchronous_commit={server_sync} fsync={server_fsync}; cores: {os.cpu_count()}")
    for chains in [int(c) for c in args.chains.split(",")]:
        run(chains, args.processes, args.events, not args.no_sync_commit, args.batch)
    if args.verify:
        started = time.perf_counter()
        problems = verify()
        print(f"audit verify: {len(problems)} problem(s), {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
