"""Writing and checking the audit trail.

``record`` must be called inside the transaction of the change it describes, so the event
and the change are committed together or not at all. Reads are recorded by the access
functions in the same way.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Action, AuditEvent, ChainHead, Purpose

GENESIS = "0" * 64


def _content(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "organisation_id": event.organisation_id,
        "organisation_name": event.organisation_name,
        "role": event.role,
        "action": event.action,
        "object_type": event.object_type,
        "object_ref": event.object_ref,
        "purpose": event.purpose,
        "detail": event.detail,
    }


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(_content(event), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def record(
    actor,
    action: str,
    *,
    object_type: str = "",
    object_ref: str = "",
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` is an accounts ``Actor``, a user, or None for the system."""
    user = getattr(actor, "user", actor)
    organisation = getattr(actor, "organisation", None)
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = ChainHead.objects.create(pk=1, seq=0, hash=GENESIS)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor_id=getattr(user, "pk", None),
            actor_username=getattr(user, "username", "") or "",
            organisation_id=getattr(organisation, "pk", None),
            organisation_name=getattr(organisation, "name", "") or "",
            role=getattr(actor, "role_label", "") or "",
            action=Action(action),
            object_type=object_type,
            object_ref=object_ref,
            purpose=Purpose(purpose) if purpose else "",
            detail=detail or {},
            prev_hash=head.hash,
        )
        event.hash = compute_hash(head.hash, event)
        event.save(force_insert=True)
        ChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass
class Problem:
    seq: int | None
    message: str


def verify() -> list[Problem]:
    """Walk the whole chain; return every place where it does not hold."""
    problems: list[Problem] = []
    expected_prev = GENESIS
    expected_seq = 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            problems.append(
                Problem(event.seq, f"events {expected_seq}–{event.seq - 1} are missing")
            )
        if event.prev_hash != expected_prev:
            problems.append(Problem(event.seq, "does not link to the event before it"))
        if compute_hash(event.prev_hash, event) != event.hash:
            problems.append(Problem(event.seq, "its content was changed after it was written"))
        expected_prev = event.hash
        expected_seq = event.seq + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq != expected_seq - 1:
        problems.append(Problem(head.seq, f"the chain ends at {expected_seq - 1}, but {head.seq} were written"))
    if head is not None and head.seq and head.hash != expected_prev:
        problems.append(Problem(head.seq, "the last event differs from the one recorded as last"))
    return problems
