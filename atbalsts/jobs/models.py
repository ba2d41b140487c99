"""Workers' leases, the record of tasks given back after a worker was lost, and the ledger of
what a task run has already committed (ADR 0023).

The task rows themselves are django-tasks-db's (``DBTaskResult``); these tables sit beside them.
No personal data: worker ids, host names, process ids, task ids and step keys chosen by code.
"""

from __future__ import annotations

from django.db import models
from django_tasks_db.models import DBTaskResult


class WorkerLease(models.Model):
    """One running ``task_worker`` process. It renews ``heartbeat_at`` every few seconds; a row
    not renewed for the lease length means the worker is gone, and its running task is given back."""

    worker_id = models.CharField(primary_key=True, max_length=64)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} (pid {self.pid})"


class Outcome(models.TextChoices):
    REQUEUED = "requeued", "requeued"
    FAILED = "failed", "failed (attempts used up)"


class TaskRequeue(models.Model):
    """A task found RUNNING under a worker whose lease had expired: put back to READY, or marked
    FAILED once its attempts were used up. One row per expiry, so requeues can be counted."""

    task_result = models.ForeignKey(DBTaskResult, on_delete=models.CASCADE, related_name="+")
    worker_id = models.CharField(max_length=64)
    attempt = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["at"], name="jobs_requeue_at_idx")]

    def __str__(self) -> str:
        return f"{self.task_result_id} {self.outcome} after attempt {self.attempt}"


class TaskStep(models.Model):
    """The ledger: a step of a task run whose database effects are committed. Written in the same
    transaction as those effects, so a re-run of the same task finds it and does not repeat them."""

    task_result = models.ForeignKey(DBTaskResult, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task_result", "step"], name="jobs_taskstep_once")]

    def __str__(self) -> str:
        return f"{self.task_result_id} {self.step or '(whole task)'}"


class ClaimedTaskResult(DBTaskResult):
    """A task result as the worker that claimed it sees it: its end (SUCCESSFUL or FAILED) is
    saved only while the row is still RUNNING under that same claim. If the worker was taken for
    dead meanwhile (its task given back, perhaps run again elsewhere), its late end is dropped."""

    class Meta:
        proxy = True

    superseded = False

    def save(self, *args, update_fields=None, **kwargs):
        from .leases import save_if_still_claimed

        if update_fields is not None and "status" in update_fields and self.status in FINISHED:
            if not save_if_still_claimed(self, lambda: super(ClaimedTaskResult, self).save(
                    *args, update_fields=update_fields, **kwargs)):
                self.superseded = True
            return
        super().save(*args, update_fields=update_fields, **kwargs)


FINISHED = frozenset({"SUCCESSFUL", "FAILED"})
