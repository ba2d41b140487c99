"""The daily digest: each active user with a verified e-mail address receives, in their language,
the reminders and open tasks due for them, as case numbers and links only.

A user with nothing due gets no mail. A digest that went out is noted per user and day, so a
second run on the same day sends nothing twice. Each run writes one audit event with its counts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import actor_for, organisations_of
from atbalsts.accounts.models import User
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .access import Item, open_items
from .models import DigestPreference, DigestSent


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)  # usernames
    nothing_due: int = 0
    no_address: int = 0
    already_sent: int = 0
    items: int = 0


def verified_address(user: User) -> str | None:
    address = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").first()
    return address.email if address else None


def items_for(user: User, day: datetime.date) -> list[Item]:
    """Everything due for the user in every organisation they act for, without repeats."""
    seen, items = set(), []
    for org in organisations_of(user):
        actor = actor_for(user, org.pk)
        for item in open_items(actor, day):
            key = (item.kind, item.task_id, item.url, item.due, item.case_number)
            if key not in seen:
                seen.add(key)
                items.append(item)
    return sorted(items, key=lambda i: (i.due, not i.urgent, i.kind, i.case_number))


def language_of(user: User) -> str:
    pref = DigestPreference.objects.filter(user=user).first()
    return pref.language if pref and pref.language in settings.STAFF_LANGUAGES else "lv"


def compose(user: User, items: list[Item], day: datetime.date, base_url: str) -> tuple[str, str]:
    """Subject and body in the user's language. Titles, case numbers and links; no names."""
    with translation.override(language_of(user)):
        subject = _("Atbalsts: what is due on %(date)s (%(count)s)") % {
            "count": len(items), "date": day.strftime("%d.%m.%Y")}
        body = render_to_string("tasks/digest.txt", {
            "items": items, "day": day, "base_url": base_url.rstrip("/"),
            "urgent": sum(i.urgent for i in items),
        })
    return subject, body


def send_digest(day: datetime.date, *, dry_run: bool = False, base_url: str = "", stdout=None) -> Outcome:
    outcome = Outcome()
    # The event is written even when a mail fails part-way: those already sent stay recorded.
    try:
        for user in User.objects.filter(is_active=True).order_by("pk"):
            address = verified_address(user)
            if address is None:
                outcome.no_address += 1
                continue
            if DigestSent.objects.filter(user=user, day=day).exists():
                outcome.already_sent += 1
                continue
            # The reminders' titles are translated as they are made: in the user's language.
            with translation.override(language_of(user)):
                items = items_for(user, day)
            if not items:
                outcome.nothing_due += 1
                continue
            subject, body = compose(user, items, day, base_url)
            if dry_run:
                if stdout is not None:
                    stdout.write(f"{user.username}: {len(items)}")
            else:
                with transaction.atomic():
                    DigestSent.objects.create(user=user, day=day, items=len(items))
                    send_mail(subject, body, None, [address], fail_silently=False)
            outcome.sent.append(user.username)
            outcome.items += len(items)
    finally:
        record(None, Action.EXPORT, object_type="daily_digest", object_ref=day.isoformat(), purpose=Purpose.CASEWORK,
               detail={"dry_run": dry_run, "sent": len(outcome.sent), "items": outcome.items,
                       "nothing_due": outcome.nothing_due, "no_verified_address": outcome.no_address,
                       "already_sent": outcome.already_sent, "users": outcome.sent})
    return outcome
