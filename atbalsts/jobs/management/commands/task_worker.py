"""The product's background worker: django-tasks-db's ``db_worker`` with a lease (ADR 0023).

    manage.py task_worker --interval 2 --worker-id app1

The worker id given (by default the host name) is a prefix: each start adds a random suffix, so a
restarted worker never inherits the lease of the process it replaces. Lease length and attempts:
``ATBALSTS_WORKER_LEASE_SECONDS`` and ``ATBALSTS_WORKER_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import os
import socket

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from atbalsts.jobs.worker import LeasedWorker


class Command(DbWorkerCommand):
    help = ("Run background tasks (django-tasks, database backend) with a lease: a task whose worker "
            "dies is given back and run again by another worker (ADR 0023).")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options) -> None:
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        prefix = (worker_id or socket.gethostname() or "worker")[:48]
        worker = LeasedWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, excluded_queue_names=excluded,
            worker_id=f"{prefix}-{get_random_string(12)}",
            lease_seconds=settings.ATBALSTS_WORKER_LEASE_SECONDS, max_attempts=settings.ATBALSTS_WORKER_MAX_ATTEMPTS,
        )
        self.stdout.write(f"worker {worker.worker_id}, lease {worker.lease_seconds} s, "
                          f"at most {worker.max_attempts} attempts per task, pid {os.getpid()}")
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
        if worker.lease_lost:
            raise CommandError(f"worker {worker.worker_id} was taken for dead (its lease expired); start a new one")
