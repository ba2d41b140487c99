"""Demo data for the task list and the daily digest. Called by the lead from ``atbalsts/demo/data.py``
after the other stages' demos.

``build_tasks_demo(orgs, users, today)``
    orgs, users: as for :func:`atbalsts.decisions.demo.build_decisions_demo` (the social worker
                 ``soc.darbiniece`` of provider A and ``siva.ierednis``).
    today: the demo's "today".
    Gives the social worker three own tasks (overdue, due today, next week), each linked to one of
    her clients by case number, and marks the demo addresses of the social worker and the SIVA
    officer verified so that ``manage.py send_digest --dry-run`` has someone to write to (the
    addresses end in ``.invalid``; the demo's mail goes to the console). Returns the tasks.
    Running it again adds nothing. (The notices of the other stages' demos — the police
    official's commission seats, the social worker's SIVA decisions — are made by their services.)
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress

from atbalsts.accounts.actor import Actor, actor_for
from atbalsts.people.access import clients_visible_to

from . import services
from .models import Task

SW = "soc.darbiniece"
SIVA = "siva.ierednis"
_D = datetime.timedelta

PLAN = [
    (-2, "Nosūtīt SIVA dokumentu kopijas"),
    (0, "Piezvanīt patversmei par izmitināšanu"),
    (7, "Sagatavot rehabilitācijas plāna pārskatu"),
]


def build_tasks_demo(orgs, users, today: datetime.date) -> list[Task]:
    sw = users[SW]
    # Her own tasks only: the other stages' demos may already have told her of events (notices).
    existing = list(Task.objects.filter(owner=sw, notice="").order_by("due", "pk"))
    if existing:
        return existing
    base = actor_for(sw)
    actor = Actor(user=sw, organisation=base.organisation, roles=base.roles, mfa_verified=True)
    clients = list(clients_visible_to(actor).order_by("created_at", "pk")[: len(PLAN)])
    tasks = [
        services.create_task(actor, {"title": title, "due": today + _D(days=offset),
                                     "case_number": clients[i].case_number if i < len(clients) else ""})
        for i, (offset, title) in enumerate(PLAN)
    ]
    for username in (SW, SIVA):
        user = users.get(username)
        if user is not None and user.email:
            EmailAddress.objects.get_or_create(user=user, email=user.email,
                                               defaults={"verified": True, "primary": True})
    return tasks
