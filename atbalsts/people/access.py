"""The only way to load clients. Scoped to the actor's organisation and case team;
anything missing or not theirs is a 404; every read is written to the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .models import CaseTeamMember, Client, SearchToken
from .search import Query

SEARCH_LIMIT = 50


LIST_FIELDS = ("case_number", "given_names", "surname", "birth_date", "created_at")


def clients_visible_to(actor: Actor | None) -> QuerySet[Client]:
    """Clients of the actor's organisation whose case team includes the actor."""
    if actor is None or not actor.may_open_personal_data:
        return Client.objects.none()
    on_team = CaseTeamMember.objects.filter(client=OuterRef("pk"), user=actor.user)
    return Client.objects.filter(Exists(on_team), organisation=actor.organisation)


@dataclass
class ClientPage:
    """A page of the client list. It knows whether there is a next page without counting
    every case: a count over a large caseload costs more than the page itself."""

    clients: list[Client]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def client_page(actor: Actor | None, number: int, size: int = 50, purpose: str = Purpose.CASEWORK) -> ClientPage:
    number = max(1, number)
    start = (number - 1) * size
    rows = list(
        clients_visible_to(actor).only(*LIST_FIELDS).order_by("-created_at", "-id")[start : start + size + 1]
    )
    page = ClientPage(clients=rows[:size], number=number, has_next=len(rows) > size)
    list_clients(actor, page.clients, purpose)
    return page


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
        qs = qs.filter(Exists(SearchToken.objects.filter(client=OuterRef("pk"), digest=digest)))
    found = [c for c in qs.order_by("-created_at", "-id")[: SEARCH_LIMIT * 4] if query.confirms(c)]
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
