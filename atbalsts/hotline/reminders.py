"""Reminders of the contact log for the task list and the daily digest (see atbalsts.lib.reminders):
open follow-up tasks assigned to the operator, in the hotline they act for. Titles carry the
contact's reference only, never what the task says (it is encrypted and may describe the caller)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from atbalsts.lib.reminders import Reminder

from .access import may_keep_contact_log
from .models import FollowUpTask


def reminders(actor, today: datetime.date) -> list[Reminder]:
    if not may_keep_contact_log(actor):
        return []
    tasks = (
        FollowUpTask.objects.filter(done=False, assigned_to=actor.user, contact__organisation=actor.organisation)
        .select_related("contact").only("due", "contact__reference").order_by("due", "pk")[:200]
    )
    return [
        Reminder(
            kind="hotline_follow_up",
            title=_("Follow up hotline contact %(ref)s") % {"ref": t.contact.reference},
            due=t.due,
            url=reverse("contacts:detail", args=[t.contact.reference]),
            urgent=t.due <= today,
        )
        for t in tasks
    ]
