"""Background work of the federation (django-tasks, database backend): deliver what is due. The
outbox is the record, so the task carries no data; `manage.py federation_deliver` on a timer does
the same and catches anything a stopped worker left behind."""

from django_tasks import task


@task()
def deliver_due_task() -> dict[str, int]:
    from .services import deliver_due

    return deliver_due()
