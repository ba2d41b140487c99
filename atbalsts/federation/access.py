"""The only way to read referrals exchanged with partners: hotline operators of the hotline that
sent or received them, with a second factor. Everybody else gets a 404; every read is audited."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Role
from atbalsts.accounts.steps import Step, may
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .models import Direction, PartnerHotline, Referral

OBJECT = "federation_referral"


def may_use_federation(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.organisation is not None
        and actor.has_role(Role.HOTLINE_OPERATOR)
        and actor.mfa_verified
        and (may(actor, Step.REFER_ABROAD) or may(actor, Step.ANSWER_PARTNER_REFERRAL))
    )


def _refuse(actor: Actor | None, ref: str = "") -> None:
    if actor is not None:
        record(actor, Action.DENIED, object_type=OBJECT, object_ref=ref[:20], purpose=Purpose.COOPERATION)
    raise Http404


def require_federation(actor: Actor | None) -> Actor:
    if not may_use_federation(actor):
        _refuse(actor)
    return actor


def referrals(actor: Actor | None, direction: str) -> list[Referral]:
    """The hotline's referrals in one direction, newest first. The list shows codes, dates and
    statuses; opening the list is recorded with the references shown."""
    require_federation(actor)
    rows = list(
        Referral.objects.filter(organisation=actor.organisation, direction=direction)
        .select_related("partner").prefetch_related("messages")[:500]
    )
    record(actor, Action.LIST, object_type=OBJECT, purpose=Purpose.COOPERATION,
           detail={"direction": direction, "references": [r.reference for r in rows[:200]]})
    return rows


def get_referral(actor: Actor | None, reference: str, direction: str | None = None) -> Referral:
    reference = (reference or "")[:12]
    if not may_use_federation(actor):
        _refuse(actor, reference)
    qs = Referral.objects.filter(organisation=actor.organisation, reference=reference)
    qs = qs.select_related("partner", "consent")
    if direction:
        qs = qs.filter(direction=direction)
    referral = qs.first()
    if referral is None:
        _refuse(actor, reference)
    record(actor, Action.READ, object_type=OBJECT, object_ref=referral.reference, purpose=Purpose.COOPERATION)
    return referral


def partners(actor: Actor | None) -> QuerySet[PartnerHotline]:
    require_federation(actor)
    record(actor, Action.LIST, object_type="partner_hotline", purpose=Purpose.COOPERATION)
    return PartnerHotline.objects.all()


__all__ = ["Direction", "get_referral", "may_use_federation", "partners", "referrals", "require_federation"]
