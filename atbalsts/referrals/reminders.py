"""Reminders from referrals for the task list and the daily digest (atbalsts.lib.reminders).

- For the receiving organisation's staff who may answer: each referral awaiting an answer, due
  the policy's number of working days after it was sent (urgent from that day).
- For the receiving organisation: each accepted referral whose outcome is still to be recorded.
Titles hold the referral's opaque reference and the sender's name only.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.steps import Step, may
from atbalsts.lib.reminders import Reminder
from atbalsts.policy.referral_types import referral_types_on
from atbalsts.policy.selectors import current_calendar

from . import access
from .models import Referral, Status


def reminders(actor, today: datetime.date) -> list[Reminder]:
    if not access.may_use_referrals(actor) or not may(actor, Step.ANSWER_REFERRAL, today):
        return []
    calendar = current_calendar()
    days = referral_types_on(today).answer_working_days
    out: list[Reminder] = []
    waiting = Referral.objects.filter(recipient=actor.organisation, status__in=[Status.SENT, Status.ACCEPTED])
    for r in waiting.select_related("sender").order_by("sent_at", "pk")[: access.LIST_LIMIT]:
        url = reverse("referrals:detail", args=[r.reference])
        if r.status == Status.SENT:
            due = calendar.add_working_days(timezone.localtime(r.sent_at).date(), days)
            out.append(Reminder(kind="referral_to_answer", due=due, url=url, case_number=r.reference,
                                urgent=due <= today,
                                title=_("Accept or decline the referral %(ref)s from %(org)s") % {
                                    "ref": r.reference, "org": r.sender}))
        else:
            out.append(Reminder(kind="referral_outcome_due", due=timezone.localtime(r.answered_at).date(), url=url,
                                case_number=r.reference,
                                title=_("Record the outcome of the referral %(ref)s from %(org)s") % {
                                    "ref": r.reference, "org": r.sender}))
    return out
