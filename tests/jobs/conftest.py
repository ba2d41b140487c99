from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from atbalsts.jobs import leases
from atbalsts.jobs.worker import LeasedWorker

from .tasks_for_tests import create_effect_table, effect_task

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings):
    """Tasks queued as rows, as in production (the suite otherwise records them in memory)."""
    settings.TASKS = DB_TASKS


@pytest.fixture
def effect_table(db):
    create_effect_table()  # inside the test's transaction: gone with it


def worker(worker_id: str, *, lease_seconds: int = 30, max_attempts: int = 3, now=None) -> LeasedWorker:
    """A worker as `task_worker` makes it, with its lease taken; its thread is not started (the
    tests call beat() themselves, with the time they choose)."""
    w = LeasedWorker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                     max_tasks=None, worker_id=worker_id, excluded_queue_names=[], lease_seconds=lease_seconds,
                     max_attempts=max_attempts, host="test-host")
    leases.register(worker_id, "test-host", 1234, now)
    return w


def claim(w: LeasedWorker) -> DBTaskResult:
    """What django-tasks-db's loop does before running a task: take the next one and mark it RUNNING."""
    with exclusive_transaction():
        task = DBTaskResult.objects.ready().get_locked()
        assert task is not None, "nothing to claim"
        task.claim(w.worker_id)
    return task


def enqueue(label: str = "t1", **kwargs) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=effect_task.enqueue(label, **kwargs).id)
