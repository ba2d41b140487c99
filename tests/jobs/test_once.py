"""Once, not twice (ADR 0023): a task re-run after its worker died does not repeat the database
effects that the killed run had committed — the probe-like test task and the federation delivery."""

from __future__ import annotations

import datetime

import pytest
import requests
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import TaskContext

from atbalsts.federation import services
from atbalsts.federation.models import OutboxMessage
from atbalsts.jobs import leases
from atbalsts.jobs.models import TaskStep
from atbalsts.jobs.once import Ledger, StepDone
from tests.conftest import actor
from tests.federation.conftest import consent, partner, remote_keys, sample_form  # noqa: F401 - fixtures

from .conftest import claim, enqueue, worker
from .tasks_for_tests import effect_task, effects

pytestmark = pytest.mark.django_db

S = datetime.timedelta(seconds=1)


def test_a_rerun_after_the_effect_was_committed_does_not_repeat_it(db_tasks, effect_table):
    t0 = timezone.now()
    task = enqueue("once-1")
    w1 = worker("w1", now=t0)
    claimed = claim(w1)
    # The first run commits its effect, and its worker dies before marking the task finished.
    assert effect_task.call(TaskContext(task_result=claimed.task_result), "once-1") == "ran"
    assert effects("once-1") == 1 and TaskStep.objects.filter(task_result_id=task.pk).count() == 1
    assert leases.requeue_expired(t0 + 31 * S, lease_seconds=30)["requeued"] == 1

    w2 = worker("w2", now=t0 + 31 * S)
    w2.run_task(claim(w2))
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value == "done before"
    assert effects("once-1") == 1 and TaskStep.objects.filter(task_result_id=task.pk).count() == 1


def test_a_rerun_after_a_death_before_the_commit_does_the_work(db_tasks, effect_table):
    t0 = timezone.now()
    task = enqueue("once-2")
    claim(worker("w1", now=t0))  # dies before its transaction commits: nothing of it is left
    leases.requeue_expired(t0 + 31 * S, lease_seconds=30)
    w2 = worker("w2", now=t0 + 31 * S)
    w2.run_task(claim(w2))
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value == "ran"
    assert effects("once-2") == 1


def test_the_ledger_is_written_in_the_effects_transaction(db_tasks, effect_table):
    task = enqueue("once-3")
    ledger = Ledger(str(task.pk))
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        ledger.claim("rolled-back")
        1 / 0  # noqa: B018 - the step's work fails: its ledger row goes with it
    assert not ledger.done("rolled-back")
    with transaction.atomic():
        ledger.claim("a")
    assert ledger.done("a") and not ledger.done("b")
    with pytest.raises(StepDone), transaction.atomic():
        ledger.claim("a")
    # Without the database backend (a task called directly) the ledger holds nothing.
    inert = Ledger(None)
    with transaction.atomic():
        inert.claim("a")
    assert not inert.done("a")


def test_a_rerun_of_the_delivery_task_makes_no_second_attempt_on_a_package_it_recorded(
    db_tasks, people, partner, monkeypatch, settings  # noqa: F811
):
    settings.FEDERATION_RETRY_DELAYS = "60,300"
    services.refer_abroad(actor(people["hotline"]), partner, sample_form(), consent())
    posts = []

    def down(*args, **kwargs):
        posts.append(args)
        raise requests.ConnectionError("refused")

    monkeypatch.setattr(services.requests, "post", down)
    task = enqueue("delivery-run")  # stands for the delivery task's row: the ledger hangs off its id
    ledger = Ledger(str(task.pk))
    now = timezone.now()
    assert services.deliver_due(now, ledger=ledger) == {"waiting": 1}
    message = OutboxMessage.objects.get()
    assert message.attempts == 1 and len(posts) == 1
    # The worker died before the task was marked finished; it is run again after the retry time.
    assert services.deliver_due(now + 61 * S, ledger=ledger) == {"done_before": 1}
    message.refresh_from_db()
    assert message.attempts == 1 and len(posts) == 1
    # A different run (the retry's own task, the timer) does make the next attempt.
    assert services.deliver_due(now + 61 * S) == {"waiting": 1}
    message.refresh_from_db()
    assert message.attempts == 2 and len(posts) == 2
