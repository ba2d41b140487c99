"""Database figures for the multi-host harness (run.sh), read straight from PostgreSQL.

    check.py rows PRIMARY_DSN REPLICA_DSN ACKED_FILE   writes acknowledged vs rows found
    check.py lag PRIMARY_DSN REPLICA_DSN STOP_FILE      sample the replica's lag until STOP_FILE
                                                        exists (at most 120 s)

Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

import psycopg


def rows(primary: str, replica: str, acked_file: str) -> dict:
    with open(acked_file, encoding="ascii") as f:
        acked = [line.strip() for line in f if line.strip()]
    with psycopg.connect(primary, autocommit=True) as conn:
        found = conn.execute("SELECT count(*) FROM multihost_probe WHERE token = ANY(%s)", [acked]).fetchone()[0]
        total = conn.execute("SELECT count(*) FROM multihost_probe").fetchone()[0]
        by_host = dict(conn.execute("SELECT host, count(*) FROM multihost_probe GROUP BY host").fetchall())
        lsn = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    # The replica has everything once it has replayed up to the primary's position now.
    waited = 0.0
    with psycopg.connect(replica, autocommit=True) as conn:
        while conn.execute("SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn()) > 0", [lsn]).fetchone()[0]:
            if waited > 30:
                break
            time.sleep(0.05)
            waited += 0.05
        on_replica = conn.execute("SELECT count(*) FROM multihost_probe").fetchone()[0]
    return {
        "acknowledged": len(acked), "acknowledged_and_found": found, "lost": len(acked) - found,
        "rows_on_primary": total, "rows_written_not_acknowledged": total - found,
        "rows_by_app_host": by_host, "rows_on_replica_after_catch_up": on_replica,
        "replica_catch_up_seconds": round(waited, 2),
    }


def lag(primary: str, replica: str, stop_file: str) -> dict:
    replay_ms: list[float] = []
    bytes_behind: list[int] = []
    since_replay_ms: list[float] = []
    with psycopg.connect(primary, autocommit=True) as p, psycopg.connect(replica, autocommit=True) as r:
        state = p.execute("SELECT application_name, state, sync_state FROM pg_stat_replication").fetchall()
        end = time.monotonic() + 120
        while time.monotonic() < end and not os.path.exists(stop_file):
            row = p.execute(
                "SELECT extract(epoch FROM replay_lag) * 1000, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) "
                "FROM pg_stat_replication LIMIT 1"
            ).fetchone()
            if row:
                if row[0] is not None:
                    replay_ms.append(float(row[0]))
                bytes_behind.append(int(row[1] or 0))
            since = r.execute(
                "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000"
            ).fetchone()[0]
            if since is not None:
                since_replay_ms.append(float(since))
            time.sleep(0.25)

    def summary(values):
        if not values:
            return None
        return {"median": round(statistics.median(values), 1), "max": round(max(values), 1), "samples": len(values)}

    return {
        "replication": [list(s) for s in state],
        "replay_lag_ms (pg_stat_replication)": summary(replay_ms),
        "bytes_behind": summary(bytes_behind),
        "ms_since_last_replayed_commit (pg_last_xact_replay_timestamp)": summary(since_replay_ms),
    }


if __name__ == "__main__":
    command, primary_dsn, replica_dsn, arg = sys.argv[1:5]
    result = rows(primary_dsn, replica_dsn, arg) if command == "rows" else lag(primary_dsn, replica_dsn, arg)
    print(json.dumps(result))
