"""django-tasks-db's worker with a lease (ADR 0023): the same claim (``SELECT … FOR UPDATE SKIP
LOCKED``) and the same run of each task, plus

- a lease row renewed from a thread every third of the lease length;
- the sweep (:func:`atbalsts.jobs.leases.requeue_expired`) from that thread, once this worker has
  reached the database for a whole lease length (so that, after an outage, the other workers have
  had time to renew theirs before anyone judges them);
- a task's end saved only while it is still RUNNING under this worker's claim;
- if its own lease is gone (it was taken for dead), the worker takes no further task, hands back
  the one it has just claimed, and stops with a non-zero status so that systemd starts a fresh one.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import leases
from .models import ClaimedTaskResult

logger = logging.getLogger("atbalsts.jobs")


class Heartbeat(threading.Thread):
    def __init__(self, worker: LeasedWorker):
        super().__init__(name=f"lease-{worker.worker_id}", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.worker.beat_seconds):
                close_old_connections()  # this thread's connection, as between requests
                self.worker.beat()
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self.stopped.set()


class LeasedWorker(Worker):
    def __init__(self, *, lease_seconds: int, max_attempts: int, host: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.beat_seconds = max(1.0, lease_seconds / 3)
        self.host = host or socket.gethostname()
        self.pid = os.getpid()
        self.lease_lost = False
        self.healthy_since: datetime.datetime | None = None
        self.heartbeat = Heartbeat(self)

    # --- the lease --------------------------------------------------------------------------

    def beat(self, now: datetime.datetime | None = None) -> dict[str, int] | None:
        """Renew the lease and, once healthy for a lease length, sweep. Returns the sweep's counts."""
        now = now or timezone.now()
        try:
            alive = leases.renew(self.worker_id, now)
        except DatabaseError:
            logger.warning("Worker %s could not renew its lease (database unreachable?).", self.worker_id)
            self.healthy_since = None
            return None
        if not alive:
            self.lose_lease()
            return None
        if self.healthy_since is None:
            self.healthy_since = now
        if now - self.healthy_since < datetime.timedelta(seconds=self.lease_seconds):
            return None
        try:
            counts = leases.requeue_expired(now, lease_seconds=self.lease_seconds, max_attempts=self.max_attempts)
        except DatabaseError:
            logger.warning("Worker %s could not sweep expired leases.", self.worker_id, exc_info=True)
            return None
        if counts["leases"] or counts["requeued"] or counts["failed"]:
            logger.warning("Worker %s: expired leases %d, tasks requeued %d, given up %d.", self.worker_id,
                           counts["leases"], counts["requeued"], counts["failed"])
        return counts

    def lose_lease(self) -> None:
        if not self.lease_lost:
            logger.error("Worker %s lost its lease (taken for dead): it takes no further task and stops.",
                         self.worker_id)
        self.lease_lost = True
        self.running = False

    # --- the loop (django-tasks-db's), wrapped -----------------------------------------------

    def run(self) -> None:
        self.healthy_since = leases.register(self.worker_id, self.host, self.pid).started_at
        self.heartbeat.start()
        try:
            super().run()
        finally:
            self.heartbeat.stop()
            if not self.lease_lost:
                try:
                    leases.release(self.worker_id)
                except DatabaseError:  # it expires by itself
                    logger.warning("Worker %s could not release its lease.", self.worker_id)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            alive = leases.renew(self.worker_id)
        except DatabaseError:
            alive = True  # the claim has just committed; the task's own queries will tell
        if not alive or self.lease_lost:
            self.lose_lease()
            leases.give_back_own(db_task_result, self.worker_id)
            return
        claimed = ClaimedTaskResult.objects.get(pk=db_task_result.pk)
        super().run_task(claimed)
