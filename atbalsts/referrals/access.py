"""The only way to load referrals.

- The sending organisation: its casework staff see a referral it sent when it is about nobody
  in particular (an anonymous notice without a client), or they sent it, or they are on the case
  team of the client it is about.
- The receiving organisation: its casework staff see what travelled (the snapshot), nothing
  else of the sender's records; each personal category read is recorded as a disclosure citing
  the consent it travelled under.
- Anyone else: 404, recorded.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.steps import Step, may
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.people.access import clients_visible_to
from atbalsts.people.consent import record_disclosure
from atbalsts.people.models import Consent
from atbalsts.policy.referral_types import INFO_CATEGORIES

from .models import Notification, Referral, Status

P = Purpose.COOPERATION
# Far beyond a day's referrals; a list never loads more than this.
LIST_LIMIT = 200


def may_use_referrals(actor: Actor | None) -> bool:
    """Casework staff, signed in with a second factor, of an organisation that sends or answers
    referrals."""
    return bool(actor is not None and actor.may_open_personal_data
                and (may(actor, Step.SEND_REFERRAL) or may(actor, Step.ANSWER_REFERRAL)))


def require_user(actor: Actor | None) -> Actor:
    if not may_use_referrals(actor):
        raise Http404
    return actor


def _sent_scope(actor: Actor) -> Q:
    return Q(sender=actor.organisation) & (
        Q(client__isnull=True) | Q(sent_by=actor.user) | Q(client__in=clients_visible_to(actor)))


def _visible(actor: Actor | None) -> QuerySet[Referral]:
    if not may_use_referrals(actor):
        return Referral.objects.none()
    return Referral.objects.filter(_sent_scope(actor) | Q(recipient=actor.organisation))


def _listed(actor: Actor, rows: list[Referral], which: str) -> list[Referral]:
    if rows:
        record(actor, Action.LIST, object_type="referral", purpose=P,
               detail={"list": which, "refs": [r.reference for r in rows]})
    return rows


def outbox(actor: Actor | None) -> list[Referral]:
    if not may_use_referrals(actor):
        return []
    qs = Referral.objects.filter(_sent_scope(actor)).select_related("recipient", "sender")
    return _listed(actor, list(qs[:LIST_LIMIT]), "outbox")


def inbox(actor: Actor | None) -> list[Referral]:
    if not may_use_referrals(actor):
        return []
    qs = Referral.objects.filter(recipient=actor.organisation).select_related("recipient", "sender")
    return _listed(actor, list(qs[:LIST_LIMIT]), "inbox")


def unread_notifications(actor: Actor | None) -> list[Notification]:
    if not may_use_referrals(actor):
        return []
    return list(Notification.objects.filter(organisation=actor.organisation, read_at__isnull=True)
                .select_related("referral")[:LIST_LIMIT])


def get_referral(actor: Actor | None, reference: str) -> Referral:
    """A referral the actor's organisation sent (within the scope above) or received."""
    referral = _visible(actor).filter(reference=str(reference)[:20]).select_related(
        "sender", "recipient", "client").first()
    if referral is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="referral", object_ref=str(reference)[:80], purpose=P)
        raise Http404
    record(actor, Action.READ, object_type="referral", object_ref=referral.reference, purpose=P,
           detail={"side": side(actor, referral)})
    if side(actor, referral) == "recipient" and referral.client is not None and not referral.anonymous:
        _record_disclosures(actor, referral)
    return referral


def side(actor: Actor, referral: Referral) -> str:
    return "recipient" if referral.recipient_id == actor.organisation.pk else "sender"


def _record_disclosures(actor: Actor, referral: Referral) -> None:
    """The receiver read the personal categories that travelled: one disclosure per consent
    category, citing the consent recorded when the referral was sent."""
    consents = referral.consents or {}
    by_pk = Consent.objects.in_bulk(set(consents.values()))
    done = set()
    for code, pk in consents.items():
        category = INFO_CATEGORIES[code].consent
        consent = by_pk.get(pk)
        if consent is None or category in done:
            continue
        done.add(category)
        record_disclosure(actor, referral.client, category, consent, what=f"referral {referral.reference}")



def visible_content(actor: Actor, referral: Referral) -> dict:
    """What the actor may read of the snapshot. The sender reads what it sent. The receiver
    reads the coded parts, and each personal category only while a consent naming it for that
    category is still in force: a withdrawal takes effect at once (ADR 0010)."""
    content = dict(referral.content or {})
    if side(actor, referral) == "sender" or referral.client is None:
        return content
    from atbalsts.people.consent import active_consent

    for code in list(content):
        category = INFO_CATEGORIES[code].consent if code in INFO_CATEGORIES else None
        if category is not None and code in (referral.consents or {}):
            if active_consent(referral.client, referral.recipient, category) is None:
                content.pop(code)
    return content


def open_referrals(actor: Actor | None, limit: int = 10) -> tuple[list[Referral], int]:
    """For the start page: referrals the actor may see (sent within the scope above, or received)
    still awaiting an answer or accepted without an outcome, the oldest first, and how many."""
    if not may_use_referrals(actor):
        return [], 0
    qs = _visible(actor).filter(status__in=(Status.SENT, Status.ACCEPTED))
    rows = list(qs.select_related("sender", "recipient").order_by("sent_at", "pk")[:limit])
    return _listed(actor, rows, "open"), qs.count()
