"""The only way to read the contact log: operators of that hotline, with a second factor.

Who may is policy data (``policy.steps``: ``keep_contact_log``). Everybody else gets a 404 and
a ``denied`` event; every listing and every opening of a contact is written to the audit trail.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.steps import Step, may
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.portal.reference import normalise_reference

from .models import Contact

OBJECT_TYPE = "hotline_contact"


def may_keep_contact_log(actor: Actor | None) -> bool:
    return actor is not None and actor.mfa_verified and may(actor, Step.KEEP_CONTACT_LOG)


def contacts_visible_to(actor: Actor | None) -> QuerySet[Contact]:
    if not may_keep_contact_log(actor):
        return Contact.objects.none()
    return Contact.objects.filter(organisation=actor.organisation)


def require_log(actor: Actor | None, object_ref: str = "") -> None:
    """404 (recorded) unless the actor keeps this hotline's contact log."""
    if not may_keep_contact_log(actor):
        if actor is not None:
            record(actor, Action.DENIED, object_type=OBJECT_TYPE, object_ref=object_ref, purpose=Purpose.CASEWORK)
        raise Http404


def contact_log(actor: Actor | None, limit: int = 200) -> list[Contact]:
    """The hotline's newest contacts (without their free text), the listing recorded."""
    require_log(actor)
    contacts = list(
        contacts_visible_to(actor)
        .select_related("operator", "assigned_to")
        .defer("indicators", "exploitation_forms", "country", "advice", "shared_categories")[:limit]
    )
    if contacts:
        record(actor, Action.LIST, object_type=OBJECT_TYPE, purpose=Purpose.CASEWORK,
               detail={"references": [c.reference for c in contacts]})
    return contacts


def get_contact(actor: Actor | None, reference: str, purpose: str = Purpose.CASEWORK) -> Contact:
    reference = normalise_reference(reference or "")[:10]
    contact = contacts_visible_to(actor).select_related("operator", "assigned_to", "caller").filter(
        reference=reference).first()
    if contact is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type=OBJECT_TYPE, object_ref=reference, purpose=purpose)
        raise Http404
    record(actor, Action.READ, object_type=OBJECT_TYPE, object_ref=contact.reference, purpose=purpose)
    return contact


def earlier_contacts(contact: Contact) -> QuerySet[Contact]:
    """The same anonymous caller's contacts before this one (same hotline by construction)."""
    if contact.caller_id is None:
        return Contact.objects.none()
    same_caller = Contact.objects.filter(caller_id=contact.caller_id, organisation_id=contact.organisation_id)
    return same_caller.filter(
        Q(started_at__lt=contact.started_at) | Q(started_at=contact.started_at, pk__lt=contact.pk))


def recent_contacts(actor: Actor | None, since, limit: int = 10) -> tuple[list[Contact], int]:
    """For the start page: the hotline's contacts since ``since`` (an aware time), the newest
    ``limit`` without their free text, and how many in all. The references shown are recorded."""
    require_log(actor)
    qs = contacts_visible_to(actor).filter(started_at__gte=since)
    contacts = list(qs.select_related("assigned_to")
                    .defer("indicators", "exploitation_forms", "country", "advice", "shared_categories")[:limit])
    if contacts:
        record(actor, Action.LIST, object_type=OBJECT_TYPE, purpose=Purpose.CASEWORK,
               detail={"references": [c.reference for c in contacts], "start_page": True})
    return contacts, qs.count()
