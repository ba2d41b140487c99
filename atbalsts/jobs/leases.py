"""Workers' leases: a worker that stops renewing its lease is taken for dead, and the task it was
running is given back (ADR 0023).

django-tasks-db marks a task RUNNING under the worker that claimed it and trusts that worker to
finish it; if the worker's process dies, the task stays RUNNING and nothing runs it again. Here
every ``task_worker`` keeps a :class:`~atbalsts.jobs.models.WorkerLease` row fresh from a thread.
:func:`requeue_expired` — called by every live worker and by ``manage.py task_requeue`` on a
timer — finds leases not renewed for the lease length and puts their RUNNING tasks back to READY
(once per expiry: the lease row is deleted in the same transaction), or marks them FAILED once
they have been claimed ``ATBALSTS_WORKER_MAX_ATTEMPTS`` times.

Only row locks inside one transaction (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an
exclusive transaction on SQLite), so it works through PgBouncer in transaction mode.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import router
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .models import Outcome, TaskRequeue, WorkerLease

logger = logging.getLogger(__name__)

# Bounds on one sweep, so a backlog after an outage is worked off over several runs, not at once.
MAX_LEASES_PER_SWEEP = 50
MAX_ORPHANS_PER_SWEEP = 200


class WorkerLost(Exception):
    """The worker running this task stopped renewing its lease too many times."""


def lease_length(seconds: int | None = None) -> datetime.timedelta:
    return datetime.timedelta(seconds=seconds or settings.ATBALSTS_WORKER_LEASE_SECONDS)


def _db() -> str:
    return router.db_for_write(DBTaskResult)


def register(worker_id: str, host: str, pid: int, now: datetime.datetime | None = None) -> WorkerLease:
    now = now or timezone.now()
    lease, _created = WorkerLease.objects.update_or_create(
        worker_id=worker_id, defaults={"host": host[:255], "pid": pid, "started_at": now, "heartbeat_at": now},
    )
    return lease


def renew(worker_id: str, now: datetime.datetime | None = None) -> bool:
    """Renew the lease; False if the row is gone (this worker was taken for dead meanwhile)."""
    return WorkerLease.objects.filter(pk=worker_id).update(heartbeat_at=now or timezone.now()) == 1


def release(worker_id: str) -> None:
    """An orderly stop: the lease goes. A task still RUNNING under it (a forced stop in the middle
    of one) then has no lease and is given back by the next sweep after the lease length."""
    WorkerLease.objects.filter(pk=worker_id).delete()


def _give_back(task: DBTaskResult, now: datetime.datetime, worker_id: str, max_attempts: int) -> str:
    attempt = len(task.worker_ids)
    if attempt >= max_attempts:
        task.status = TaskResultStatus.FAILED
        task.finished_at = now
        task.return_value = None
        task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
        task.traceback = (
            f"WorkerLost: the worker running this task stopped without finishing it, {attempt} time(s) "
            f"(last: {worker_id or 'unknown'}); after {max_attempts} attempt(s) it is not run again.\n"
        )
        task.save(update_fields=["status", "finished_at", "return_value", "exception_class_path", "traceback"])
        outcome = Outcome.FAILED
    else:
        task.status = TaskResultStatus.READY
        task.save(update_fields=["status"])
        outcome = Outcome.REQUEUED
    TaskRequeue.objects.create(task_result=task, worker_id=worker_id[:64], attempt=attempt, outcome=outcome, at=now)
    # Task ids and paths only: the arguments may hold anything.
    logger.warning("Task id=%s path=%s %s: its worker %s was lost during attempt %d of %d.",
                   task.pk, task.task_path, outcome, worker_id or "unknown", attempt, max_attempts)
    return outcome


def _running(limit: int, started_before: datetime.datetime | None = None,
             worker_id: str = "") -> Iterable[DBTaskResult]:
    tasks = DBTaskResult.objects.running()
    if worker_id:  # a narrowing on the JSON list's text; the caller checks the last entry exactly
        tasks = tasks.filter(worker_ids__icontains=worker_id)
    if started_before is not None:
        tasks = tasks.filter(started_at__lt=started_before)
    return tasks.order_by("started_at").select_for_update(skip_locked=True)[:limit]


def requeue_expired(now: datetime.datetime | None = None, *, lease_seconds: int | None = None,
                    max_attempts: int | None = None) -> dict[str, int]:
    """Give back every task whose worker's lease has expired. Safe to run anywhere, any number of
    times at once: each expired lease is handled by exactly one sweep. Returns counts."""
    now = now or timezone.now()
    cutoff = now - lease_length(lease_seconds)
    max_attempts = max_attempts or settings.ATBALSTS_WORKER_MAX_ATTEMPTS
    counts = {"leases": 0, Outcome.REQUEUED.value: 0, Outcome.FAILED.value: 0}
    db = _db()
    expired = list(WorkerLease.objects.using(db).filter(heartbeat_at__lt=cutoff)
                   .order_by("heartbeat_at").values_list("pk", flat=True)[:MAX_LEASES_PER_SWEEP])
    for worker_id in expired:
        with exclusive_transaction(db):
            lease = (WorkerLease.objects.using(db).select_for_update(skip_locked=True)
                     .filter(pk=worker_id, heartbeat_at__lt=cutoff).first())
            if lease is None:  # renewed just now, or another sweep has it
                continue
            for task in _running(MAX_ORPHANS_PER_SWEEP, worker_id=worker_id):
                if task.worker_ids and task.worker_ids[-1] == worker_id:
                    counts[_give_back(task, now, worker_id, max_attempts)] += 1
            lease.delete()
            counts["leases"] += 1
    # A task RUNNING under a worker that has no lease at all (released on a forced stop, a lease
    # deleted by the loop above while its task row was locked, or a worker without leases such as
    # plain `db_worker`) and that started longer than a lease ago.
    with exclusive_transaction(db):
        live = set(WorkerLease.objects.using(db).values_list("pk", flat=True))
        for task in _running(MAX_ORPHANS_PER_SWEEP, started_before=cutoff):
            last = task.worker_ids[-1] if task.worker_ids else ""
            if last not in live:
                counts[_give_back(task, now, last, max_attempts)] += 1
    return counts


def give_back_own(task: DBTaskResult, worker_id: str, now: datetime.datetime | None = None) -> str | None:
    """A worker that finds its own lease gone after claiming a task hands that task back at once
    (if it is still RUNNING under this claim)."""
    now = now or timezone.now()
    with exclusive_transaction(_db()):
        current = DBTaskResult.objects.select_for_update().filter(pk=task.pk).first()
        if current is None or current.status != TaskResultStatus.RUNNING or current.worker_ids != task.worker_ids:
            return None
        return _give_back(current, now, worker_id, settings.ATBALSTS_WORKER_MAX_ATTEMPTS)


def save_if_still_claimed(task: DBTaskResult, save: Callable[[], None]) -> bool:
    """Save a task's end only if the row is still RUNNING under the claim ``task`` was read with."""
    with exclusive_transaction(_db()):
        current = (DBTaskResult.objects.select_for_update().filter(pk=task.pk)
                   .values_list("status", "worker_ids").first())
        if current is None or current[0] != TaskResultStatus.RUNNING or current[1] != task.worker_ids:
            logger.warning("Task id=%s was given back while this worker ran it; this run's end is not recorded.",
                           task.pk)
            return False
        save()
        return True
