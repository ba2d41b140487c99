"""The only way to read the task list: the actor's own tasks in the organisation they act for,
and the reminders every source in ``settings.ATBALSTS_REMINDER_SOURCES`` gives that actor.

The sources are imported by their dotted path, so this app has no static import of the stages
that sit above it; each source scopes its reminders itself (see atbalsts.lib.reminders).
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib.reminders import Reminder, ReminderPage, bounded_counts, page_of
from atbalsts.people.models import Client
from atbalsts.policy.rules import ruleset_on

from .models import Task

P = Purpose.CASEWORK


@dataclass(frozen=True)
class Item:
    """One line of the task list: an own task or a computed reminder."""

    kind: str
    title: str
    due: datetime.date
    url: str
    case_number: str
    urgent: bool
    overdue: bool
    due_today: bool
    task_id: int | None = None
    done: bool = False

    @property
    def is_task(self) -> bool:
        return self.task_id is not None

    @property
    def is_notice(self) -> bool:
        return self.kind == "notice"


def _require(actor: Actor | None) -> Actor:
    if actor is None or actor.organisation is None:
        raise Http404
    return actor


def tasks_of(actor: Actor | None) -> QuerySet[Task]:
    if actor is None or actor.organisation is None:
        return Task.objects.none()
    return Task.objects.filter(owner=actor.user, organisation=actor.organisation).select_related("client")


def get_task(actor: Actor | None, pk: int) -> Task:
    task = tasks_of(actor).filter(pk=pk).first()
    if task is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="task", object_ref=str(pk), purpose=P)
        raise Http404
    return task


def reminder_sources() -> list:
    return [importlib.import_module(path) for path in settings.ATBALSTS_REMINDER_SOURCES]


def collect_reminders(actor: Actor, today: datetime.date) -> list[Reminder]:
    found: list[Reminder] = []
    for source in reminder_sources():
        found.extend(source.reminders(actor, today))
    return found


def _from_task(task: Task, today: datetime.date) -> Item:
    return Item(
        kind="notice" if task.notice else "task", title=task.display_title, due=task.due, url=task.url,
        case_number=task.case_number,
        urgent=not task.done and task.due <= today, overdue=not task.done and task.due < today,
        due_today=not task.done and task.due == today, task_id=task.pk, done=task.done,
    )


def _from_reminder(r: Reminder, today: datetime.date) -> Item:
    return Item(
        kind=r.kind, title=r.title, due=r.due, url=r.url, case_number=r.case_number,
        urgent=r.urgent or r.due <= today, overdue=r.due < today, due_today=r.due == today,
    )


def open_items(actor: Actor, today: datetime.date) -> list[Item]:
    """Every open task and reminder, the earliest due first (urgent first on the same day). Not
    recorded. For the daily digest; pages use :func:`task_page`, which is bounded."""
    items = [_from_task(t, today) for t in tasks_of(actor).filter(done_at__isnull=True)]
    items += [_from_reminder(r, today) for r in collect_reminders(actor, today)]
    return sorted(items, key=_order)


def _order(i: Item) -> tuple:
    return (i.due, not i.urgent, i.kind, i.case_number, i.title)


@dataclass(frozen=True)
class TaskPage:
    """The most urgent open tasks and reminders (at most the policy's ``task_list_rows``) and how
    many there are in all, overdue and due today (at least that many when ``capped``)."""

    items: list[Item]
    total: int
    overdue: int
    due_today: int
    capped: bool = False  # some source stopped counting at the policy's ``task_list_count_max``

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _source_page(source, actor: Actor, today: datetime.date, limit: int) -> ReminderPage:
    if hasattr(source, "reminders_page"):
        return source.reminders_page(actor, today, limit)
    return page_of(source.reminders(actor, today), today, limit)


def _open_tasks(actor: Actor, today: datetime.date, limit: int) -> tuple[list[Item], tuple]:
    open_tasks = tasks_of(actor).filter(done_at__isnull=True)
    # Only the case number of a linked client: nothing else of the client is decrypted.
    personal = [f"client__{f.name}" for f in Client._meta.concrete_fields if f.name not in ("id", "case_number")]
    rows = open_tasks.defer(*personal).order_by("due", "pk")[:limit]
    return [_from_task(t, today) for t in rows], bounded_counts(open_tasks, "due", today,
                                                               ruleset_on(today).task_list_count_max)


def task_page(actor: Actor | None, today: datetime.date, limit: int | None = None) -> TaskPage:
    """The task list the actor sees, bounded: the ``limit`` (default: the policy's ``task_list_rows``)
    most urgent items of own tasks and every source's reminders, each source asked for no more
    than that and counted in the database. What was shown (case numbers only) is recorded."""
    actor = _require(actor)
    limit = ruleset_on(today).task_list_rows if limit is None else limit
    items, (total, overdue, due_today, capped) = _open_tasks(actor, today, limit)
    for source in reminder_sources():
        page = _source_page(source, actor, today, limit)
        items += [_from_reminder(r, today) for r in page.items]
        total, overdue, due_today = total + page.total, overdue + page.overdue, due_today + page.due_today
        capped = capped or page.capped
    items = sorted(items, key=_order)[:limit]
    if items:
        record(actor, Action.LIST, object_type="task_list", purpose=P, detail={
            "tasks": sum(i.is_task for i in items), "reminders": sum(not i.is_task for i in items),
            "case_numbers": sorted({i.case_number for i in items if i.case_number}),
            **({"not_shown": total - len(items)} if total > len(items) else {}),
        })
    return TaskPage(items=items, total=total, overdue=overdue, due_today=due_today, capped=capped)


def task_list(actor: Actor | None, today: datetime.date) -> list[Item]:
    """The items of :func:`task_page` (the most urgent ``task_list_rows``); recorded there."""
    return task_page(actor, today).items


def recently_done(actor: Actor | None, limit: int = 20) -> list[Task]:
    return list(tasks_of(_require(actor)).filter(done_at__isnull=False).order_by("-done_at", "-pk")[:limit])
