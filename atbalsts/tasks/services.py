"""The only way to change tasks: each change atomic, with its audit event inside."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.people.access import clients_visible_to

from .models import DigestPreference, Task

P = Purpose.CASEWORK

# A Latvian personal code (old or new form) has no place in a task title.
_PERSONAL_CODE = re.compile(r"\b\d{6}-?\d{5}\b")


def _client(actor: Actor, case_number: str):
    case_number = (case_number or "").strip().upper()
    if not case_number:
        return None
    client = clients_visible_to(actor).filter(case_number=case_number).first()
    if client is None:
        # The same answer whether the case does not exist or is someone else's.
        raise ValidationError({"case_number": _("You have no client with the case number %(number)s.")
                               % {"number": case_number[:20]}})
    return client


def _check_title(title: str, client) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Write what is to be done.")})
    if _PERSONAL_CODE.search(title):
        raise ValidationError({"title": _("A task title must not hold a personal code; use the case number.")})
    if client is not None:
        words = {w.lower() for w in f"{client.given_names} {client.surname}".split() if len(w) > 2}
        if words & {w.lower().strip(".,;:!?()") for w in title.split()}:
            raise ValidationError({"title": _("A task title must not hold the client's name; "
                                              "the case number is linked to the task.")})
    return title


@transaction.atomic
def create_task(actor: Actor, data: dict[str, Any]) -> Task:
    if actor is None or actor.organisation is None:
        raise ValidationError(_("Only staff acting for an organisation keep tasks."))
    client = _client(actor, data.get("case_number", ""))
    title = _check_title(data.get("title", ""), client)
    due = data.get("due")
    if due is None:
        raise ValidationError({"due": _("Give the date the task is due.")})
    task = Task.objects.create(owner=actor.user, organisation=actor.organisation, title=title, due=due,
                               client=client)
    record(actor, Action.CREATE, object_type="task", object_ref=str(task), purpose=P,
           detail={"case_number": task.case_number, "due": due.isoformat()})
    return task


@transaction.atomic
def set_done(actor: Actor, task: Task, done: bool = True) -> Task:
    """Mark an own task done (or open again). The caller loads it with ``access.get_task``."""
    if task.owner_id != actor.user.pk:
        raise ValidationError(_("This is not your task."))
    if task.done == done:
        return task
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    record(actor, Action.UPDATE, object_type="task", object_ref=str(task), purpose=P, detail={"done": done})
    return task


@transaction.atomic
def set_digest_language(actor: Actor, language: str) -> DigestPreference:
    if language not in settings.STAFF_LANGUAGES:
        raise ValidationError({"language": _("Choose Latvian or English.")})
    pref, _created = DigestPreference.objects.update_or_create(user=actor.user, defaults={"language": language})
    record(actor, Action.UPDATE, object_type="digest_preference", object_ref=str(actor.user.pk),
           purpose=Purpose.ADMINISTRATION, detail={"language": language})
    return pref
