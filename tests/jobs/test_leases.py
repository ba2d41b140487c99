"""Workers' leases (ADR 0023): a task left RUNNING by a worker whose lease expired is put back
once and counted; a live lease is never stolen; attempts are bounded; a worker taken for dead
hands back its task, stops, and its late end does not overwrite the re-run's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from atbalsts.jobs import leases
from atbalsts.jobs.models import ClaimedTaskResult, Outcome, TaskRequeue, WorkerLease

from .conftest import claim, enqueue, worker
from .tasks_for_tests import effects

pytestmark = pytest.mark.django_db

S = datetime.timedelta(seconds=1)


def _status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_a_task_under_an_expired_lease_is_put_back_once_and_counted(db_tasks, effect_table):
    t0 = timezone.now()
    enqueue()
    w1 = worker("w1", now=t0)
    task = claim(w1)
    assert _status(task) == TaskResultStatus.RUNNING

    assert leases.requeue_expired(t0 + 30 * S, lease_seconds=30) == {"leases": 0, "requeued": 0, "failed": 0}
    assert _status(task) == TaskResultStatus.RUNNING

    counts = leases.requeue_expired(t0 + 31 * S, lease_seconds=30)
    assert counts == {"leases": 1, "requeued": 1, "failed": 0}
    assert _status(task) == TaskResultStatus.READY
    assert not WorkerLease.objects.filter(pk="w1").exists()
    requeue = TaskRequeue.objects.get()
    assert (requeue.task_result_id, requeue.worker_id, requeue.attempt, requeue.outcome) == (
        task.pk, "w1", 1, Outcome.REQUEUED)

    # Once per expiry: a second sweep (another host, the timer) finds nothing more to do.
    assert leases.requeue_expired(t0 + 60 * S, lease_seconds=30) == {"leases": 0, "requeued": 0, "failed": 0}
    assert TaskRequeue.objects.count() == 1 and _status(task) == TaskResultStatus.READY

    # Another worker then runs it to the end.
    w2 = worker("w2", now=t0 + 60 * S)
    again = claim(w2)
    assert again.pk == task.pk and again.worker_ids == ["w1", "w2"]
    w2.run_task(again)
    assert _status(task) == TaskResultStatus.SUCCESSFUL and effects("t1") == 1


def test_a_live_lease_is_not_stolen(db_tasks, effect_table):
    t0 = timezone.now()
    w1 = worker("w1", now=t0)
    other = worker("w-other", now=t0)
    enqueue()
    task = claim(w1)
    # w1 renews 25 s later; 40 s after the start its lease is 15 s old, within 30 s.
    assert leases.renew("w1", t0 + 25 * S)
    assert leases.requeue_expired(t0 + 40 * S, lease_seconds=30) == {"leases": 1, "requeued": 0, "failed": 0}
    assert _status(task) == TaskResultStatus.RUNNING
    assert WorkerLease.objects.filter(pk="w1").exists() and not WorkerLease.objects.filter(pk="w-other").exists()
    assert not TaskRequeue.objects.exists()
    # Its task is not an orphan either, however long it runs while the lease is renewed.
    assert leases.renew("w1", t0 + 3600 * S)
    assert leases.requeue_expired(t0 + 3601 * S, lease_seconds=30)["requeued"] == 0
    assert _status(task) == TaskResultStatus.RUNNING
    # And the worker finishes it.
    w1.run_task(task)
    assert _status(task) == TaskResultStatus.SUCCESSFUL
    del other


def test_after_the_last_attempt_the_task_is_failed_with_a_reason(db_tasks, effect_table):
    t0 = timezone.now()
    task = enqueue()
    for n, worker_id in enumerate(["w1", "w2"], start=1):
        at = t0 + (n - 1) * 100 * S
        claim(worker(worker_id, now=at))
        counts = leases.requeue_expired(at + 31 * S, lease_seconds=30, max_attempts=2)
        assert counts["leases"] == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and task.finished_at is not None
    assert task.exception_class_path == "atbalsts.jobs.leases.WorkerLost"
    assert "2 time(s)" in task.traceback and "after 2 attempt(s) it is not run again" in task.traceback
    assert task.task_result.errors[0].exception_class is leases.WorkerLost
    assert list(TaskRequeue.objects.order_by("attempt").values_list("attempt", "outcome")) == [
        (1, Outcome.REQUEUED), (2, Outcome.FAILED)]
    # A failed task is not claimed again.
    assert not DBTaskResult.objects.ready().exists()


def test_a_task_running_under_no_lease_is_given_back_after_the_lease_length(db_tasks, effect_table):
    """A worker without a lease (plain db_worker, or one that released its lease on a forced stop)."""
    t0 = timezone.now()
    task = enqueue()
    task.claim("db-worker-without-lease")
    assert leases.requeue_expired(t0 + 29 * S, lease_seconds=30)["requeued"] == 0
    assert _status(task) == TaskResultStatus.RUNNING
    assert leases.requeue_expired(t0 + 31 * S, lease_seconds=30) == {"leases": 0, "requeued": 1, "failed": 0}
    assert _status(task) == TaskResultStatus.READY
    assert TaskRequeue.objects.get().worker_id == "db-worker-without-lease"


def test_a_worker_taken_for_dead_hands_back_the_task_it_claimed_and_stops(db_tasks, effect_table):
    t0 = timezone.now()
    enqueue()
    w1 = worker("w1", now=t0)
    task = claim(w1)
    leases.requeue_expired(t0 + 31 * S, lease_seconds=30)  # w1 stalled: its lease goes, its task too
    assert _status(task) == TaskResultStatus.READY
    # It wakes up: its next beat finds no lease.
    assert w1.beat(t0 + 32 * S) is None
    assert w1.lease_lost and not w1.running

    # A worker that claims a task just as its lease goes hands it back without running it.
    w2 = worker("w2", now=t0 + 40 * S)
    mine = claim(w2)
    WorkerLease.objects.filter(pk="w2").delete()
    w2.run_task(mine)
    assert _status(mine) == TaskResultStatus.READY and effects("t1") == 0
    assert w2.lease_lost and not w2.running
    assert TaskRequeue.objects.count() == 2


def test_a_late_end_from_a_worker_taken_for_dead_does_not_overwrite_the_rerun(db_tasks, effect_table):
    t0 = timezone.now()
    enqueue()
    w1 = worker("w1", now=t0)
    claim(w1)
    stale = ClaimedTaskResult.objects.get()  # what w1 holds while running it
    leases.requeue_expired(t0 + 31 * S, lease_seconds=30)
    rerun = claim(worker("w2", now=t0 + 32 * S))
    stale.set_successful("late")
    assert stale.superseded
    rerun.refresh_from_db()
    assert rerun.status == TaskResultStatus.RUNNING and rerun.worker_ids == ["w1", "w2"]
    assert rerun.return_value is None


def test_a_worker_sweeps_only_after_reaching_the_database_for_a_whole_lease(db_tasks, effect_table):
    """After an outage every lease looks old; the others get one lease length to renew theirs."""
    t0 = timezone.now()
    enqueue()
    lost = worker("lost", now=t0)
    task = claim(lost)
    w2 = worker("w2", now=t0 + 40 * S)
    assert w2.beat(t0 + 40 * S) is None  # healthy from now on: not yet a judge
    assert _status(task) == TaskResultStatus.RUNNING
    assert w2.beat(t0 + 60 * S) is None
    assert w2.beat(t0 + 70 * S) == {"leases": 1, "requeued": 1, "failed": 0}
    assert _status(task) == TaskResultStatus.READY
    assert not w2.lease_lost and WorkerLease.objects.filter(pk="w2").exists()
