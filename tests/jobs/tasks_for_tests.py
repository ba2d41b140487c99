"""A task for the worker tests: one row in ``jobs_test_effect`` (a table the tests create), written
once through the task's ledger. With ``hold``, a first run stays running after committing its row
until that file exists (at most HOLD_SECONDS), so that a test can kill its worker then."""

import os
import time

from django.db import connection
from django_tasks import task

from atbalsts.jobs.once import once

HOLD_SECONDS = 120
EFFECT_TABLE = "jobs_test_effect"


@task(takes_context=True)
def effect_task(context, token: str, hold: str = "") -> str:
    with once(context) as first:
        if first:
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {EFFECT_TABLE} (token, pid) VALUES (%s, %s)",  # noqa: S608
                               [token, os.getpid()])
    if first and hold:
        deadline = time.monotonic() + HOLD_SECONDS
        while not os.path.exists(hold) and time.monotonic() < deadline:
            time.sleep(0.05)
    return "ran" if first else "done before"


def create_effect_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {EFFECT_TABLE} (token varchar(64) NOT NULL, pid integer NOT NULL)")


def drop_effect_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {EFFECT_TABLE}")


def effects(token: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {EFFECT_TABLE} WHERE token = %s", [token])  # noqa: S608
        return cursor.fetchone()[0]
