"""The only way to load clients. Scoped to the actor's organisation and case team;
anything missing or not theirs is a 404; every read is written to the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .models import Client
from .search import Query

SEARCH_LIMIT = 50


def clients_visible_to(actor: Actor | None) -> QuerySet[Client]:
    """Clients of the actor's organisation whose case team includes the actor."""
    if actor is None or not actor.may_open_personal_data:
        return Client.objects.none()
    return Client.objects.filter(organisation=actor.organisation, team__user=actor.user)


def get_client(actor: Actor | None, case_number: str, purpose: str = Purpose.CASEWORK) -> Client:
    client = clients_visible_to(actor).filter(case_number=case_number).first()
    if client is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="client", object_ref=case_number[:80], purpose=purpose)
        raise Http404
    record(actor, Action.READ, object_type="client", object_ref=client.case_number, purpose=purpose)
    return client


def list_clients(actor: Actor | None, clients: list[Client], purpose: str = Purpose.CASEWORK) -> None:
    """Record that a page of clients (initials, birth year) was shown to the actor."""
    if clients:
        record(
            actor,
            Action.LIST,
            object_type="client",
            purpose=purpose,
            detail={"case_numbers": [c.case_number for c in clients]},
        )


def search_clients(actor: Actor | None, text: str, purpose: str = Purpose.CASEWORK) -> list[Client]:
    query = Query(text)
    if query.is_empty:
        return []
    qs = clients_visible_to(actor)
    if query.case_number:
        qs = qs.filter(case_number=query.case_number)
    for digest in query.digests:
        qs = qs.filter(search_tokens__digest=digest)
    found = [c for c in qs.distinct().order_by("-created_at")[: SEARCH_LIMIT * 4] if query.confirms(c)]
    found = found[:SEARCH_LIMIT]
    # The query itself may be a name: the trail keeps only how many terms and what was found.
    record(
        actor,
        Action.SEARCH,
        object_type="client",
        purpose=purpose,
        detail={"terms": len(text.split()), "case_numbers": [c.case_number for c in found]},
    )
    return found
