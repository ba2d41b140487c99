"""A real worker process killed with SIGKILL in the middle of a task (ADR 0023).

`manage.py task_worker` runs the test task, which commits its row and then waits for a file that
never comes; the test kills the process. The task is left RUNNING with its effect committed. Then
either `manage.py task_requeue` puts it back after the lease length (the test moves the lease's
last renewal back rather than wait 30 s) and a second worker runs it, or a second worker, already
running with a 5-second lease, does both by itself. The task ends SUCCESSFUL and the effect exists once.
SQLite: the test database copied to a file; PostgreSQL: the test database itself.
"""

from __future__ import annotations

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests.accounts.test_lockout_across_processes import shared_database_url

from .conftest import DB_TASKS
from .tasks_for_tests import EFFECT_TABLE, create_effect_table, drop_effect_table, effect_task

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


class Shared:
    """The database the worker processes use, read from the test."""

    def __init__(self, url: str):
        self.url = url
        self.sqlite = url.removeprefix("sqlite:///") if url.startswith("sqlite") else None

    def query(self, sql: str, *params):
        if self.sqlite:
            with sqlite3.connect(self.sqlite) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def one(self, sql: str, *params):
        rows = self.query(sql, *params)
        return rows[0][0] if rows else None

    def execute(self, sql: str, *params) -> None:
        if self.sqlite:
            self.query(sql, *params)
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATBALSTS_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="atbalsts.settings", ATBALSTS_DEBUG="1", DATABASE_URL=url,
               ATBALSTS_TASKS_BACKEND="django_tasks_db.DatabaseBackend", ATBALSTS_WORKER_LEASE_SECONDS="30",
               ATBALSTS_AUDIT_CHECKPOINT_DIR=str(tmp_path / "checkpoints"))
    return env


def _manage(env, *args, log: Path, wait: bool = True):
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    if wait:
        assert process.wait(timeout=TIMEOUT) == 0, log.read_text()[-3000:]
    return process


@pytest.mark.real_clock
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("taken_over_by", ["the timer command", "a live worker"])
def test_a_worker_killed_mid_task_the_task_completes_on_another_worker_once(tmp_path, taken_over_by):
    task_table = "django_tasks_database_dbtaskresult"
    create_effect_table()
    processes = []
    try:
        with override_settings(TASKS=DB_TASKS):
            task_id = str(effect_task.enqueue("killed-1", hold=str(tmp_path / "never")).id)
        shared = Shared(shared_database_url(tmp_path))
        env = _env(shared.url, tmp_path)
        if taken_over_by == "a live worker":
            env["ATBALSTS_WORKER_LEASE_SECONDS"] = "5"  # the smallest allowed: this one waits for real
        log = tmp_path / "workers.log"

        first = _manage(env, "task_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay",
                        "--worker-id", "first", log=log, wait=False)
        processes.append(first)
        _wait_for(lambda: shared.one(f"SELECT count(*) FROM {EFFECT_TABLE} WHERE token = %s", "killed-1") == 1,  # noqa: S608
                  first, log, "the first worker did not run the task")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=TIMEOUT)

        # Left as django-tasks-db alone would leave it: RUNNING, its effect committed, its lease there.
        assert shared.one(f"SELECT status FROM {task_table} WHERE id = %s", _id(task_id, shared)) == "RUNNING"  # noqa: S608
        lease = shared.query("SELECT worker_id, heartbeat_at FROM jobs_workerlease")
        assert len(lease) == 1 and lease[0][0].startswith("first-")

        if taken_over_by == "the timer command":
            # The lease length passes (30 s): its last renewal is moved back instead of waiting.
            beat = lease[0][1]
            beat = datetime.datetime.fromisoformat(beat) if isinstance(beat, str) else beat
            shared.execute("UPDATE jobs_workerlease SET heartbeat_at = %s",
                           _db_time(beat - datetime.timedelta(seconds=31), shared))
            _manage(env, "task_requeue", log=log)
            assert "tasks requeued: 1" in log.read_text()
            assert shared.one(f"SELECT status FROM {task_table} WHERE id = %s", _id(task_id, shared)) == "READY"  # noqa: S608
            _manage(env, "task_worker", "--no-reload", "--batch", "--no-startup-delay", "--worker-id", "second",
                    log=log)
        else:
            # A second worker, running: after one lease of its own health it finds the first's
            # lease expired, puts the task back, and takes it.
            second = _manage(env, "task_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay",
                             "--worker-id", "second", log=log, wait=False)
            processes.append(second)
            _wait_for(lambda: shared.one(f"SELECT status FROM {task_table} WHERE id = %s",  # noqa: S608
                                         _id(task_id, shared)) == "SUCCESSFUL",
                      second, log, "the second worker did not take the task over")
            second.send_signal(signal.SIGTERM)  # an orderly stop: it releases its lease
            assert second.wait(timeout=TIMEOUT) == 0, log.read_text()[-3000:]

        row = shared.query(f"SELECT status, return_value, worker_ids FROM {task_table} WHERE id = %s",  # noqa: S608
                           _id(task_id, shared))[0]
        assert row[0] == "SUCCESSFUL", log.read_text()[-3000:]
        assert "done before" in str(row[1])
        claims = str(row[2]).replace("'", '"')
        assert claims.count('"first-') == 1 and claims.count('"second-') == 1
        assert shared.one(f"SELECT count(*) FROM {EFFECT_TABLE} WHERE token = %s", "killed-1") == 1  # noqa: S608
        assert shared.one("SELECT count(*) FROM jobs_taskstep") == 1
        assert shared.query("SELECT attempt, outcome FROM jobs_taskrequeue") == [(1, "requeued")]
        assert shared.one("SELECT count(*) FROM jobs_workerlease") == 0  # the second released its own
    finally:
        for process in processes:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=TIMEOUT)
        drop_effect_table()


def _wait_for(condition, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, f"{what}: " + log.read_text()[-3000:]
        time.sleep(0.1)


def _id(task_id: str, shared: Shared) -> str:
    """SQLite keeps a UUID as 32 hex digits."""
    return task_id.replace("-", "") if shared.sqlite else task_id


def _db_time(value: datetime.datetime, shared: Shared):
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if shared.sqlite else value
