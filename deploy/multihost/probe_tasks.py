"""A harness-only background task (deploy/multihost/run.sh): records which host ran it.

Queued with django-tasks' database backend like the product's own tasks; the harness runs
``manage.py db_worker`` on two app hosts at once and checks that each task ran exactly once.
"""

import os

from django.db import connections
from django_tasks import task


@task()
def probe_task(token: str) -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "INSERT INTO multihost_task_runs (token, host) VALUES (%s, %s)",
            [token, os.environ.get("MULTIHOST_NAME", "?")],
        )
