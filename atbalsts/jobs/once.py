"""Once, not twice: a ledger of what a task run has already committed (ADR 0023).

A task whose worker died may be run again (``atbalsts.jobs.leases``). If the first run had already
committed its database effects, the second must not repeat them. A task records each step in the
ledger inside the same transaction as that step's effects; a re-run finds the row and skips it::

    @task(takes_context=True)
    def my_task(context, ...):
        with once(context) as first:      # one transaction
            if first:
                ...database writes...

or, for a task made of several transactions, one step key each (``Ledger.of(context)``:
``done(step)`` before the work, ``claim(step)`` inside its transaction).

The ledger covers database effects only. An effect outside the database (an HTTP request to a
partner) is repeated if the worker died after it and before its transaction committed; that is
what the receiver's idempotency key is for.

If two runs of the same task overlap (a worker that stalled past its lease and woke up), the
unique row decides: on PostgreSQL the second insert waits for the first transaction and then
fails, so only one run's effects are committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, router, transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from .models import TaskStep


class StepDone(Exception):
    """This step of this task run was already committed by an earlier run."""


class Ledger:
    """The steps of one task run. Inert (never done, every claim granted) when the task is not
    run from the database backend — called directly, or by a backend that keeps no rows."""

    def __init__(self, task_result_id: str | None):
        self.task_result_id = task_result_id

    @classmethod
    def of(cls, context) -> Ledger:
        result = context.task_result
        backend = task_backends[result.backend]
        return cls(result.id if isinstance(backend, DatabaseBackend) else None)

    def done(self, step: str = "") -> bool:
        return (self.task_result_id is not None
                and TaskStep.objects.filter(task_result_id=self.task_result_id, step=step[:100]).exists())

    def claim(self, step: str = "") -> None:
        """Record the step; call it inside the transaction that holds the step's effects. Raises
        :class:`StepDone` if an earlier run committed it (let it roll that transaction back)."""
        if self.task_result_id is None:
            return
        if not transaction.get_connection(router.db_for_write(TaskStep)).in_atomic_block:
            raise RuntimeError("Ledger.claim() belongs inside the transaction that holds the step's effects.")
        try:
            with transaction.atomic(using=router.db_for_write(TaskStep)):
                TaskStep.objects.create(task_result_id=self.task_result_id, step=step[:100], at=timezone.now())
        except IntegrityError:
            raise StepDone(step) from None

    @contextmanager
    def once(self, step: str = "") -> Iterator[bool]:
        """A transaction in which the step is recorded first; yields False if it was done before
        (then write nothing)."""
        with transaction.atomic(using=router.db_for_write(TaskStep)):
            try:
                self.claim(step)
            except StepDone:
                yield False
            else:
                yield True


def once(context, step: str = ""):
    return Ledger.of(context).once(step)
