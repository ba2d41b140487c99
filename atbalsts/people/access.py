"""The only way to load clients. Scoped to the actor's organisation and case team;
anything missing or not theirs is a 404; every read is written to the audit trail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Exists, OuterRef, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import ngettext

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib.prepared import PreparedQuery
from atbalsts.policy.search import SearchRules, search_rules_on

from . import caseload
from .consent import active_consent, consents_for_recipient, record_disclosure
from .models import CaseTeamMember, Client, Consent, ConsentCategory, ConsentDocument, FamilyMember, SearchToken
from .search import PREFIX_MIN, Query

LIST_FIELDS = ("case_number", "given_names", "surname", "birth_date", "created_at")


def clients_visible_to(actor: Actor | None) -> QuerySet[Client]:
    """Clients of the actor's organisation whose case team includes the actor."""
    if actor is None or not actor.may_open_personal_data:
        return Client.objects.none()
    on_team = CaseTeamMember.objects.filter(client=OuterRef("pk"), user=actor.user)
    return Client.objects.filter(Exists(on_team), organisation=actor.organisation)


def scope_by_client(qs: QuerySet, actor: Actor | None, field: str = "client") -> QuerySet:
    """``qs`` limited to the rows whose ``field`` (a foreign key to a client) is one of
    :func:`clients_visible_to`: the same rule, as conditions on the row's client.

    The team test is kept as a test on each row (wrapped in a CASE, which PostgreSQL does not
    turn into a join): a list that walks its own index newest first then stops at the page's
    end. As a join, the planner misjudges how many of a worker's clients are on their team and
    gathers and sorts every one of them before the first row (issue 14)."""
    if actor is None or not actor.may_open_personal_data:
        return qs.none()
    on_team = CaseTeamMember.objects.filter(client=OuterRef(f"{field}_id"), user=actor.user)
    return qs.alias(_on_team=Case(When(Exists(on_team), then=Value(True)), default=Value(False),
                                  output_field=BooleanField())).filter(
        _on_team=True, **{f"{field}__organisation": actor.organisation})


@dataclass
class ClientPage:
    """A page of the client list, found by position (keyset), never by offset. It knows whether
    there are rows on either side without counting every case: a count over a large caseload
    costs more than the page itself."""

    clients: list[Client]
    next_cursor: str | None = None
    previous_cursor: str | None = None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None


def client_page(
    actor: Actor | None,
    filters: caseload.ListFilters | None = None,
    *,
    after: str = "",
    before: str = "",
    today: datetime.date | None = None,
    size: int = caseload.PAGE_SIZE,
    purpose: str = Purpose.CASEWORK,
) -> ClientPage:
    """One page of the actor's clients with their stage, after (or before) the row a page link
    names. Raises :class:`caseload.BadCursor` for a link this list did not make."""
    filters = filters or caseload.ListFilters()
    sort = filters.sort
    today = today or timezone.localdate()
    qs = filters.apply(clients_visible_to(actor).only(*LIST_FIELDS), today)
    backwards = bool(before) and not after
    token = before if backwards else after
    if token:
        qs = qs.filter(caseload.after(sort, caseload.read_cursor(sort, token), reverse=backwards))
    ordering = caseload.order_by(sort, reverse=backwards)
    # The page's ids first (the filters, the scope and the position decide them), then the stage
    # of just those rows: asked for the whole caseload, PostgreSQL works each stage test out for
    # every case and course in the register (hashed) before it returns the first row.
    page_ids = qs.order_by(*ordering).values("pk")[: size + 1]
    rows = list(caseload.with_stage(Client.objects.filter(pk__in=page_ids), today).only(*LIST_FIELDS)
                .order_by(*ordering))
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    for row in rows:
        row.stage_label = caseload.Stage.label(row.stage)
    page = ClientPage(clients=rows)
    if rows:
        # Forward: more rows follow when the query found one extra, and rows precede when we came
        # through a link. Backward: the rows we came from follow, and the extra one precedes.
        if (more and not backwards) or backwards:
            page.next_cursor = caseload.make_cursor(sort, rows[-1])
        if (token and not backwards) or (backwards and more):
            page.previous_cursor = caseload.make_cursor(sort, rows[0])
    list_clients(actor, page.clients, purpose)
    return page


# One client of the actor's by case number: the rule of clients_visible_to, compiled once (ADR 0024).
_VISIBLE_CLIENT = PreparedQuery(
    lambda case_number, organisation_id, user_id: Client.objects.filter(
        Exists(CaseTeamMember.objects.filter(client=OuterRef("pk"), user_id=user_id)),
        organisation_id=organisation_id, case_number=case_number)[:1],
    case_number=str, organisation_id=int, user_id=int)


def _visible_client(actor: Actor | None, case_number: str, purpose: str) -> Client:
    client = None
    if actor is not None and actor.may_open_personal_data and isinstance(case_number, str):
        client = _VISIBLE_CLIENT.first(case_number=case_number, organisation_id=actor.organisation.pk,
                                       user_id=actor.user.pk)
    if client is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="client", object_ref=case_number[:80], purpose=purpose)
        raise Http404
    # The scope above matched the actor's organisation: no need to fetch it again for the page.
    client.organisation = actor.organisation
    # Remembered on this object only, so that the consents of the same request need not ask
    # the database again whether the actor is on the case team.
    client._opened_by_user_id = actor.user.pk
    return client


def get_client(actor: Actor | None, case_number: str, purpose: str = Purpose.CASEWORK) -> Client:
    client = _visible_client(actor, case_number, purpose)
    record(actor, Action.READ, object_type="client", object_ref=client.case_number, purpose=purpose)
    return client


# The client page's queries, compiled once per process (ADR 0024): the same SQL as these querysets.
_TEAM_WITH_CLIENT = PreparedQuery(
    lambda case_number, organisation_id: CaseTeamMember.objects.filter(
        client__case_number=case_number, client__organisation_id=organisation_id)
    .select_related("client", "user").order_by("pk"),
    case_number=str, organisation_id=int)
_CONSENTS = PreparedQuery(
    lambda client_id: Consent.objects.filter(client_id=client_id).select_related(
        "recipient", "recorded_by", "withdrawn_by", "recorded_at_organisation"),
    client_id=int)


def open_client_file(actor: Actor | None, case_number: str) -> tuple[Client, list[CaseTeamMember], list[Consent]]:
    """The client's page: the client, the case team and the consents, read and recorded as one
    event. The client comes with its case team in one query, and the same rows answer whether
    the actor is on that team (the scope of :func:`clients_visible_to`)."""
    team = []
    if actor is not None and actor.may_open_personal_data:
        team = _TEAM_WITH_CLIENT(case_number=case_number, organisation_id=actor.organisation.pk)
    if not any(member.user_id == actor.user.pk for member in team):
        if actor is not None:
            record(actor, Action.DENIED, object_type="client", object_ref=case_number[:80], purpose=Purpose.CASEWORK)
        raise Http404
    client = team[0].client
    client.organisation = actor.organisation
    client._opened_by_user_id = actor.user.pk
    consents = _consents(client)
    record(actor, Action.READ, object_type="client", object_ref=client.case_number, purpose=Purpose.CASEWORK,
           detail={"consents": [c.pk for c in consents]} if consents else None)
    return client, team, consents


_FAMILY = PreparedQuery(lambda client_id: FamilyMember.objects.filter(client_id=client_id), client_id=int)
# Through the reverse relation: the identification stage builds on this one (the import layers).
_IDENTIFICATION_CASES = PreparedQuery(
    lambda client_id: Client._meta.get_field("identification_cases").related_model.objects.filter(client_id=client_id),
    client_id=int)


def _opened(client: Client) -> None:
    if getattr(client, "_opened_by_user_id", None) is None:
        raise ValueError("open the client with open_client_file or get_client first")


def family_of_opened(client: Client) -> list[FamilyMember]:
    """The family members of a client this request has opened (and recorded), in their order."""
    _opened(client)
    members = _FAMILY(client_id=client.pk)
    for member in members:
        member.client = client
    return members


def identification_cases_of_opened(client: Client) -> list:
    """The identification cases of a client this request has opened, newest first (the client page's list)."""
    _opened(client)
    cases = _IDENTIFICATION_CASES(client_id=client.pk)
    for case in cases:
        case.client = client
    return cases


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


@dataclass
class SearchResult:
    """What one search shows: at most a page of clients, newest first, and whether more match
    than are shown (the user should then refine the search)."""

    clients: list[Client]
    # More clients match than are shown: add a given name, more letters or the date of birth.
    more: bool = False
    # Name parts shorter than ``min_letters`` were left out of the search.
    too_short: bool = False
    min_letters: int = PREFIX_MIN
    # The page size of the rules in force: how many are shown at most.
    shown_max: int = 0
    # Nothing was left to look up (only too short parts, or nothing at all): no search was made.
    searched: bool = True

    def note(self) -> str:
        """What the user should know about the search besides the clients found (page and API)."""
        n = self.min_letters
        if not self.searched:
            return ngettext(
                "Type at least %(n)s letter of a name, or a whole date of birth (dd.mm.yyyy), personal code or "
                "case number.",
                "Type at least %(n)s letters of a name, or a whole date of birth (dd.mm.yyyy), personal code or "
                "case number.", n) % {"n": n}
        notes = []
        if self.more:
            notes.append(ngettext(
                "More clients match than are shown: only the newest %(n)s is listed. Refine your search: add a given "
                "name, more letters or the date of birth.",
                "More clients match than are shown: only the newest %(n)s are listed. Refine your search: add a given "
                "name, more letters or the date of birth.", self.shown_max) % {"n": self.shown_max})
        if self.too_short:
            notes.append(ngettext(
                "Parts of a name shorter than %(n)s letter were left out of the search.",
                "Parts of a name shorter than %(n)s letters were left out of the search.", n) % {"n": n})
        return " ".join(notes)


# A name part longer than the index's six letters is checked on the decrypted names after the
# lookup, and some of the candidates fail: read this many pages' worth of candidates for it.
LONG_NAME_CANDIDATES = 4


def search_rules(today: datetime.date | None = None) -> SearchRules:
    return search_rules_on(today or timezone.localdate())


def _candidates(actor: Actor, query: Query, limit: int) -> list[int]:
    """The ids of the first ``limit`` clients of the actor's that carry every digest of the query,
    newest first. Only the narrow token table is read and sorted, along one index
    (digest, organisation, newest first), and the scan stops after ``limit`` rows."""
    first, *rest = query.digests
    qs = SearchToken.objects.filter(digest=first, organisation=actor.organisation).filter(
        Exists(CaseTeamMember.objects.filter(client=OuterRef("client_id"), user=actor.user)))
    for digest in rest:
        qs = qs.filter(Exists(SearchToken.objects.filter(client=OuterRef("client_id"), digest=digest)))
    return list(qs.order_by("-client_created_at", "-client_id").values_list("client_id", flat=True)[:limit])


def find_clients(actor: Actor | None, text: str, purpose: str = Purpose.CASEWORK,
                 today: datetime.date | None = None) -> SearchResult:
    """Search the actor's clients by case number, name beginnings, birth date or personal code.

    Bounded whatever the register's size: at most ``results_max`` clients (the rules in force)
    plus one to tell whether there are more; the sort is on the token index, and only the
    page's clients are read (and decrypted)."""
    rules = search_rules(today)
    query = Query(text, min_letters=rules.prefix_min_letters)
    size = rules.results_max
    result = SearchResult(clients=[], too_short=bool(query.too_short), min_letters=query.min_letters,
                          shown_max=size)
    if query.is_empty:
        result.searched = False
        return result
    visible = clients_visible_to(actor)
    if query.case_number:
        # A case number is unique: the other terms only narrow it.
        qs = visible.filter(case_number=query.case_number)
        for digest in query.digests:
            qs = qs.filter(Exists(SearchToken.objects.filter(client=OuterRef("pk"), digest=digest)))
        candidates = rows = list(qs[:1])
        limit = 1
    else:
        limit = (size + 1) * (LONG_NAME_CANDIDATES if query.long_names else 1)
        candidates = _candidates(actor, query, limit) if actor is not None and actor.may_open_personal_data else []
        # The page's clients through the same scope as every read, in the candidates' order
        # (not sorted again in the database: these are the wide rows).
        by_pk = visible.order_by().in_bulk(candidates) if candidates else {}
        rows = [by_pk[pk] for pk in candidates if pk in by_pk]
    confirmed = [c for c in rows if query.confirms(c)]
    result.more = len(confirmed) > size or len(candidates) >= limit > 1
    result.clients = confirmed[:size]
    # The query itself may be a name: the trail keeps only how many terms and what was found.
    record(
        actor,
        Action.SEARCH,
        object_type="client",
        purpose=purpose,
        detail={"terms": len(text.split()), "case_numbers": [c.case_number for c in result.clients]},
    )
    return result


def search_clients(actor: Actor | None, text: str, purpose: str = Purpose.CASEWORK) -> list[Client]:
    """The clients :func:`find_clients` shows, without the notes about the search."""
    return find_clients(actor, text, purpose).clients


# --- consents: the client's own case team -------------------------------------------------


def _consents(client: Client) -> list[Consent]:
    consents = _CONSENTS(client_id=client.pk)
    for consent in consents:
        consent.client = client
    return consents


def consents_of(actor: Actor | None, client: Client) -> list[Consent]:
    """The consents of a client the actor has opened with :func:`get_client` (all, withdrawn too)."""
    opened_here = actor is not None and getattr(client, "_opened_by_user_id", None) == actor.user.pk
    if not opened_here and not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise Http404
    consents = _consents(client)
    if consents:
        record(actor, Action.LIST, object_type="consent", object_ref=client.case_number, purpose=Purpose.CASEWORK,
               detail={"consents": [c.pk for c in consents]})
    return consents


def _team_consent(actor: Actor | None, pk: int, case_number: str | None):
    qs = Consent.objects.filter(pk=pk, client__in=clients_visible_to(actor))
    if case_number is not None:
        qs = qs.filter(client__case_number=case_number)
    return qs.select_related("client", "recipient", "signed_form").first()


def get_consent(actor: Actor | None, pk: int, case_number: str | None = None) -> Consent:
    """One consent of a client on the actor's case team (of ``case_number`` when given)."""
    consent = _team_consent(actor, pk, case_number)
    if consent is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="consent", object_ref=f"{(case_number or '')[:60]}/C{pk}",
                   purpose=Purpose.CASEWORK)
        raise Http404
    record(actor, Action.READ, object_type="consent", object_ref=consent.client.case_number,
           purpose=Purpose.CASEWORK, detail={"consent": consent.pk})
    return consent


def get_consent_form(actor: Actor | None, pk: int, case_number: str | None = None) -> tuple[Consent, ConsentDocument]:
    """The signed consent form: the client's case team only; every download is an export."""
    consent = _team_consent(actor, pk, case_number)
    if consent is None or consent.signed_form is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="consent_form", object_ref=f"{(case_number or '')[:60]}/C{pk}",
                   purpose=Purpose.CASEWORK)
        raise Http404
    document = consent.signed_form
    record(actor, Action.EXPORT, object_type="consent_form", object_ref=consent.client.case_number,
           purpose=Purpose.CASEWORK, detail={"consent": consent.pk, "sha256": document.sha256})
    return consent, document


# --- consents: what another organisation may see -----------------------------------------

# Exactly the fields each category opens; nothing else of the client ever leaves through here.
IDENTITY_FIELDS = ("given_names", "surname", "personal_code", "birth_date")
CONTACT_FIELDS = ("phone", "email", "address")


@dataclass(frozen=True)
class SharedIdentity:
    given_names: str
    surname: str
    personal_code: str
    birth_date: datetime.date | None


@dataclass(frozen=True)
class SharedContact:
    phone: str
    email: str
    address: str


@dataclass(frozen=True)
class SharedClient:
    """A read-only view of a client for an organisation named in the person's consent.

    Built here from the model, so the caller can never walk from it to anything else."""

    case_number: str
    provider: str
    categories: tuple[str, ...]
    identity: SharedIdentity | None = None
    contact: SharedContact | None = None
    # The consent each category rests on, by category code.
    consents: dict = field(default_factory=dict)
    valid_until: datetime.date | None = None

    def has(self, category: str) -> bool:
        return category in self.categories


def _may_receive(actor: Actor | None) -> bool:
    return actor is not None and actor.may_open_personal_data


def _other_organisations_client(actor: Actor, case_number: str) -> Client | None:
    return (
        Client.objects.filter(case_number=case_number).exclude(organisation=actor.organisation)
        .select_related("organisation").first()
    )


def _shared_consents(actor: Actor, client: Client, on: datetime.date) -> dict[str, Consent]:
    found = {}
    for category in ConsentCategory.values:
        consent = active_consent(client, actor.organisation, category, on=on)
        if consent is not None:
            found[category] = consent
    return found


def get_shared_client(actor: Actor | None, case_number: str, on: datetime.date | None = None) -> SharedClient:
    """What the actor's organisation may see of another organisation's client today: the
    identity and contact fields only where an active consent names it for that category.

    No active consent (none, withdrawn, expired, not yet valid): 404. Each category shown is
    recorded as a disclosure citing its consent."""
    client = _other_organisations_client(actor, case_number) if _may_receive(actor) else None
    consents = _shared_consents(actor, client, on or timezone.localdate()) if client is not None else {}
    if not consents:
        if actor is not None:
            record(actor, Action.DENIED, object_type="shared_client", object_ref=case_number[:80],
                   purpose=Purpose.COOPERATION)
        raise Http404
    identity = contact = None
    if ConsentCategory.IDENTITY in consents:
        identity = SharedIdentity(**{name: getattr(client, name) for name in IDENTITY_FIELDS})
        record_disclosure(actor, client, ConsentCategory.IDENTITY, consents[ConsentCategory.IDENTITY],
                          what=",".join(IDENTITY_FIELDS))
    if ConsentCategory.CONTACT in consents:
        contact = SharedContact(**{name: getattr(client, name) for name in CONTACT_FIELDS})
        record_disclosure(actor, client, ConsentCategory.CONTACT, consents[ConsentCategory.CONTACT],
                          what=",".join(CONTACT_FIELDS))
    untils = [c.valid_until for c in consents.values()]
    return SharedClient(
        case_number=client.case_number,
        provider=str(client.organisation.name),
        categories=tuple(c for c in ConsentCategory.values if c in consents),
        identity=identity,
        contact=contact,
        consents={k: v.pk for k, v in consents.items()},
        valid_until=None if None in untils else max(untils),
    )


def client_shared_with(actor: Actor | None, case_number: str, category: str,
                       on: datetime.date | None = None) -> tuple[Client, Consent]:
    """For the later stages' shared pages: another organisation's client and the consent that
    lets the actor's organisation see ``category`` of it today, or 404 (recorded). The caller
    shows only that category and calls :func:`record_disclosure`."""
    client = _other_organisations_client(actor, case_number) if _may_receive(actor) else None
    consent = active_consent(client, actor.organisation, category, on=on) if client is not None else None
    if consent is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type=f"shared_{category}"[:60], object_ref=case_number[:80],
                   purpose=Purpose.COOPERATION)
        raise Http404
    return client, consent


@dataclass(frozen=True)
class SharedEntry:
    case_number: str
    provider: str
    categories: tuple[str, ...]
    valid_until: datetime.date | None

    def has(self, category: str) -> bool:
        return category in self.categories

    @property
    def category_labels(self) -> list[str]:
        return [str(ConsentCategory(c).label) for c in self.categories]


def shared_with_us(actor: Actor | None, on: datetime.date | None = None) -> list[SharedEntry]:
    """Clients of other organisations with a consent in force naming the actor's organisation:
    the case number, the provider and the categories, nothing of the person."""
    if not _may_receive(actor):
        raise Http404
    on = on or timezone.localdate()
    by_client: dict[int, list[Consent]] = {}
    rows = (
        consents_for_recipient(actor.organisation, on=on)
        .exclude(client__organisation=actor.organisation)
        .select_related("client__organisation")
        .order_by("client__case_number", "pk")
    )
    for consent in rows:
        by_client.setdefault(consent.client_id, []).append(consent)
    entries = []
    for consents in by_client.values():
        client = consents[0].client
        categories = {c for consent in consents for c in consent.categories if consent.covers(c, on)}
        if not categories:
            continue
        untils = [c.valid_until for c in consents]
        entries.append(SharedEntry(
            case_number=client.case_number,
            provider=str(client.organisation.name),
            categories=tuple(c for c in ConsentCategory.values if c in categories),
            valid_until=None if None in untils else max(untils),
        ))
    if entries:
        record(actor, Action.LIST, object_type="shared_client", purpose=Purpose.COOPERATION,
               detail={"case_numbers": [e.case_number for e in entries]})
    return entries


@dataclass(frozen=True)
class ConsentChange:
    """A consent naming the actor's organisation that was given or withdrawn: the case number,
    the provider, the categories and the day; nothing of the person."""

    case_number: str
    provider: str
    categories: tuple[str, ...]
    day: datetime.date
    in_force: bool

    @property
    def category_labels(self) -> list[str]:
        return [str(ConsentCategory(c).label) for c in self.categories]


@dataclass(frozen=True)
class ConsentChanges:
    given: list[ConsentChange]
    given_count: int
    withdrawn: list[ConsentChange]
    withdrawn_count: int


def _change(consent: Consent, day: datetime.date, on: datetime.date) -> ConsentChange:
    return ConsentChange(
        case_number=consent.client.case_number,
        provider=str(consent.client.organisation.name),
        categories=tuple(c for c in ConsentCategory.values if c in consent.categories),
        day=day,
        in_force=any(consent.covers(c, on) for c in consent.categories),
    )


def consent_changes_for_us(actor: Actor | None, since: datetime.date, on: datetime.date | None = None,
                           limit: int = 10) -> ConsentChanges:
    """Consents naming the actor's organisation that other organisations' clients gave (recorded)
    or withdrew since ``since``: counts, and the newest ``limit`` of each. 404 for anyone who
    may not receive shared data; what was shown (case numbers) is recorded."""
    if not _may_receive(actor):
        raise Http404
    on = on or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    ours = (Consent.objects.filter(recipient=actor.organisation).exclude(client__organisation=actor.organisation)
            .select_related("client__organisation"))
    given_qs = ours.filter(recorded_at__gte=start, withdrawn_at__isnull=True)
    withdrawn_qs = ours.filter(withdrawn_at__gte=start)
    given = [_change(c, timezone.localtime(c.recorded_at).date(), on)
             for c in given_qs.order_by("-recorded_at", "-pk")[:limit]]
    withdrawn = [_change(c, timezone.localtime(c.withdrawn_at).date(), on)
                 for c in withdrawn_qs.order_by("-withdrawn_at", "-pk")[:limit]]
    shown = sorted({c.case_number for c in given + withdrawn})
    if shown:
        record(actor, Action.LIST, object_type="consent_change", purpose=Purpose.COOPERATION,
               detail={"case_numbers": shown})
    return ConsentChanges(given=given, given_count=given_qs.count(), withdrawn=withdrawn,
                          withdrawn_count=withdrawn_qs.count())
