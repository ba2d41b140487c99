"""A harness-only background task (deploy/multihost/run.sh): records which host ran it.

Queued with django-tasks' database backend like the product's own tasks; the harness runs
``manage.py task_worker`` on every app host at once and checks that each task ran exactly once.
Its insert is recorded in the task's ledger in the same transaction (ADR 0023), so a re-run
after its worker was killed does not insert again. With ``hold``, a first run stays "running"
after committing its row until that file exists (at most 300 s): the harness kills its worker then.
"""

import os
import time

from django.db import connections
from django_tasks import task

from atbalsts.jobs.once import once

HOLD_SECONDS = 300


@task(takes_context=True)
def probe_task(context, token: str, hold: str = "") -> str:
    with once(context) as first:
        if first:
            with connections["default"].cursor() as cursor:
                cursor.execute(
                    "INSERT INTO multihost_task_runs (token, host) VALUES (%s, %s)",
                    [token, os.environ.get("MULTIHOST_NAME", "?")],
                )
    if first and hold:
        deadline = time.monotonic() + HOLD_SECONDS
        while not os.path.exists(hold) and time.monotonic() < deadline:
            time.sleep(0.1)
    return "ran" if first else "done before"
