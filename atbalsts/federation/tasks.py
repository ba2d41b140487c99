"""Background work of the federation (django-tasks, database backend): deliver what is due. The
outbox is the record, so the task carries no data; `manage.py federation_deliver` on a timer does
the same and catches anything a stopped worker left behind.

If the worker running this task dies, the task is run again (ADR 0023); the run's ledger keeps it
from making a second attempt on a package whose attempt the first run already recorded."""

from django_tasks import task


@task(takes_context=True)
def deliver_due_task(context) -> dict[str, int]:
    from atbalsts.jobs.once import Ledger

    from .services import deliver_due

    return deliver_due(ledger=Ledger.of(context))
