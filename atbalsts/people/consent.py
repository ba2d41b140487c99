"""Sharing under the person's consent: the one place that says whether another organisation
may see a category of a client's information today, and that records each disclosure.

Every access function that shows a client's information to someone outside the client's own
organisation and case team must ask :func:`active_consent` and, when it answers with a consent,
call :func:`record_disclosure` in the same request. No consent means the caller raises 404.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .models import Client, Consent, ConsentCategory

__all__ = ["ConsentCategory", "active_consent", "consents_for_recipient", "record_disclosure"]


def _today() -> datetime.date:
    return timezone.localdate()


def active_consent(
    client: Client, organisation, category: str, *, on: datetime.date | None = None
) -> Consent | None:
    """The consent in force on ``on`` (today) that lets ``organisation`` see ``category`` of
    ``client``'s information, or None. Withdrawn consents never count."""
    if organisation is None:
        return None
    on = on or _today()
    candidates = Consent.objects.filter(client=client, recipient=organisation, withdrawn_at__isnull=True)
    for consent in candidates.order_by("-recorded_at", "-id"):
        if consent.covers(category, on):
            return consent
    return None


def consents_for_recipient(organisation, *, on: datetime.date | None = None):
    """Consents in force today that name ``organisation`` (any category)."""
    on = on or _today()
    return (
        Consent.objects.filter(recipient=organisation, withdrawn_at__isnull=True, valid_from__lte=on)
        .exclude(valid_until__lt=on)
        .select_related("client")
    )


def record_disclosure(actor: Actor, client: Client, category: str, consent: Consent, *, what: str = "") -> None:
    """Write to the audit trail that ``category`` of ``client`` was shown to ``actor``'s
    organisation, citing the consent it relied on."""
    record(
        actor,
        Action.DISCLOSE,
        object_type="client",
        object_ref=client.case_number,
        purpose=Purpose.COOPERATION,
        detail={"category": category, "consent": consent.pk, "what": what},
    )
