"""The only way to load municipal data.

- A municipal case, its steps, screenings, referrals sent, requests sent and consents recorded
  at the office: the municipal social workers on the case's team (the team of the person's
  client record in the municipality, ``people.CaseTeamMember``) only.
- The case-team overview (reference, status, team; nothing of the person): the municipality's
  team assigners (policy ``municipal_team_assigner_roles``, e.g. its organisation administrator).
- A referral: now a ``referrals.Referral``; the provider's old addresses lead to its page there.
- An information request: also the provider's case team of the client it is about.
- An answer to a request: the municipality, recorded as a disclosure citing the consent the
  provider answered under.

Anything missing or not the actor's is a 404; every read is recorded.
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import OrganisationKind, Role
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib import keyset
from atbalsts.people.access import clients_visible_to, scope_by_client
from atbalsts.people.consent import ConsentCategory, record_disclosure
from atbalsts.people.models import CaseTeamMember, Client
from atbalsts.policy.rules import ruleset_on
from atbalsts.referrals import access as referral_access
from atbalsts.referrals.models import Referral

from .models import CaseStep, InformationRequest, MunicipalCase, OfficeConsent, Screening, Step

P = Purpose.CASEWORK
# The provider's reads of what a municipality sent it.
COOPERATION = Purpose.COOPERATION
# What the provider's answer to an information request discloses.
ANSWER_CATEGORY = ConsentCategory.SERVICES


def _deny(actor: Actor | None, object_type: str, ref, purpose: str = P):
    if actor is not None:
        record(actor, Action.DENIED, object_type=object_type, object_ref=str(ref)[:80], purpose=purpose)
    raise Http404


def is_municipal_worker(actor: Actor | None) -> bool:
    return bool(
        actor is not None
        and actor.may_open_personal_data
        and actor.organisation.kind == OrganisationKind.MUNICIPAL_SOCIAL_SERVICE
        and actor.has_role(Role.MUNICIPAL_SOCIAL_WORKER)
    )


def is_provider_worker(actor: Actor | None) -> bool:
    return bool(
        actor is not None
        and actor.may_open_personal_data
        and actor.organisation.kind == OrganisationKind.SERVICE_PROVIDER
    )


def require_municipal(actor: Actor | None) -> Actor:
    if not is_municipal_worker(actor):
        raise Http404
    return actor


# --- the municipality's own cases --------------------------------------------------------


def cases_visible_to(actor: Actor | None) -> QuerySet[MunicipalCase]:
    """The municipality's cases whose team includes the actor."""
    if not is_municipal_worker(actor):
        return MunicipalCase.objects.none()
    # The people app's rule (clients_visible_to) as conditions on the case's client, so that the
    # case list can walk the cases newest first and stop at the page's end.
    return scope_by_client(MunicipalCase.objects.filter(organisation=actor.organisation), actor).select_related(
        "client", "organisation")


# The case list: the newest case first; the primary key tells cases opened together apart.
CASE_ORDER = keyset.Keyset(salt="atbalsts.municipal.cases", keys=(
    ("opened_at", "opened_at", "datetime", True), ("pk", "pk", "int", True)))


def case_page(actor: Actor | None, *, after: str = "", before: str = "", size: int | None = None) -> keyset.Page:
    """One page of the actor's cases, the newest first, after (or before) the row a page link
    names (:class:`keyset.BadCursor` for a link the list did not make). A row holds what the list
    shows: the reference, the client's case number (nothing of the person is decrypted), when
    the person came, the status and the last step, taken by the database from the steps. One
    query for the page; the references shown are recorded."""
    require_municipal(actor)
    last = CaseStep.objects.filter(case=OuterRef("pk")).order_by("-recorded_at", "-pk")
    qs = (cases_visible_to(actor).select_related(None)
          .only("pk", "reference", "contact_stage", "status", "opened_at")
          .annotate(client_case_number=F("client__case_number"),
                    last_step=Subquery(last.values("step")[:1]), last_step_on=Subquery(last.values("date")[:1])))
    page = keyset.paginate(qs, CASE_ORDER, after=after, before=before, size=size)
    for case in page.rows:
        case.last_step_label = str(Step(case.last_step).label) if case.last_step else ""
    if page.rows:
        record(actor, Action.LIST, object_type="municipal_case", purpose=P,
               detail={"refs": [c.reference for c in page.rows]})
    return page


def case_api_page(actor: Actor | None, *, after: str = "", before: str = "", size: int | None = None) -> keyset.Page:
    """One page of the actor's cases for the API, in the case list's order (:data:`CASE_ORDER`,
    the same position links as :func:`case_page`; :class:`keyset.BadCursor` for a link the list
    did not make), each case with what the API shows: the client's and the linked provider
    client's case numbers (nothing of the person is decrypted) and the steps, oldest first, with
    who recorded them (the health codes, read only through :func:`get_step_health`, are left in
    the database). Two queries for the page whatever its size; the references shown are recorded."""
    require_municipal(actor)
    steps = CaseStep.objects.select_related("recorded_by").defer("health_encrypted")
    qs = (cases_visible_to(actor).select_related(None).select_related("client", "provider_client")
          .only("pk", "reference", "contact_stage", "status", "opened_at", "closed_at",
                "client__case_number", "provider_client__case_number")
          .prefetch_related(Prefetch("steps", queryset=steps)))
    page = keyset.paginate(qs, CASE_ORDER, after=after, before=before, size=size)
    if page.rows:
        record(actor, Action.LIST, object_type="municipal_case", purpose=P,
               detail={"refs": [c.reference for c in page.rows]})
    return page


def get_case(actor: Actor | None, pk: int) -> MunicipalCase:
    case = cases_visible_to(actor).filter(pk=pk).first()
    if case is None:
        _deny(actor, "municipal_case", pk)
    record(actor, Action.READ, object_type="municipal_case", object_ref=case.reference, purpose=P)
    return case


def get_step_health(actor: Actor | None, step: CaseStep) -> list[str]:
    """Health and psychological issue codes of a step 2: the owning municipality only, recorded."""
    if not cases_visible_to(actor).filter(pk=step.case_id).exists():
        _deny(actor, "municipal_step_health", step.pk)
    codes = step.health_codes()
    if codes:
        record(actor, Action.READ, object_type="municipal_step_health", object_ref=step.case.reference, purpose=P)
    return codes


def get_screening(actor: Actor | None, pk: int, case: MunicipalCase | None = None) -> Screening:
    qs = Screening.objects.filter(pk=pk, case__in=cases_visible_to(actor))
    if case is not None:
        qs = qs.filter(case=case)
    screening = qs.select_related("case").first()
    if screening is None:
        _deny(actor, "municipal_screening", pk)
    record(actor, Action.READ, object_type="municipal_screening", object_ref=screening.case.reference, purpose=P,
           detail={"screening": screening.pk})
    return screening


def referrals_sent(actor: Actor | None) -> QuerySet[Referral]:
    """Referrals made from the screenings of the actor's cases (``referrals.Referral``)."""
    screenings = Screening.objects.filter(case__in=cases_visible_to(actor)).values("pk")
    return Referral.objects.filter(origin_type="municipal_screening", origin_id__in=screenings,
                                   sender=getattr(actor, "organisation", None)).select_related("recipient")


def requests_sent(actor: Actor | None) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(case__in=cases_visible_to(actor)).select_related(
        "provider", "case", "client")


def list_requests_sent(actor: Actor | None) -> list[InformationRequest]:
    """The requests the actor's municipality sent (without answers), recorded as a list."""
    require_municipal(actor)
    requests = list(requests_sent(actor))
    if requests:
        record(actor, Action.LIST, object_type="information_request", purpose=P,
               detail={"refs": [r.reference for r in requests]})
    return requests


# The request lists: the latest sent first (the model's order); the number tells a day's apart.
REQUEST_ORDER = keyset.Keyset(salt="atbalsts.municipal.requests", keys=(
    ("sent_on", "sent_on", "date", True), ("pk", "pk", "int", True)))
INCOMING_REQUEST_ORDER = keyset.Keyset(salt="atbalsts.municipal.requests.incoming", keys=REQUEST_ORDER.keys)


def _request_page(qs: QuerySet[InformationRequest], order: keyset.Keyset, **position) -> keyset.Page:
    """A page of requests with what the lists show: the case's reference, the sending service's
    name, the client's case number (nothing of the person decrypted) and the question. The page's
    rows are found first by their sort values alone (the database sorts the scope's requests
    without joining each to its case and client), then read with what is shown: two queries."""
    page = keyset.paginate(qs.select_related(None).only("pk", "sent_on"), order, **position)
    if page.rows:
        shown = (qs.select_related(None).select_related("case__organisation", "client")
                 .only("pk", "provider_id", "sent_on", "asked", "answered_on", "case__reference",
                       "case__organisation__name", "client__case_number")
                 .in_bulk([r.pk for r in page.rows]))
        page.rows = [shown[r.pk] for r in page.rows]
    return page


def requests_sent_page(actor: Actor | None, *, after: str = "", before: str = "",
                       size: int | None = None) -> keyset.Page:
    """One page of :func:`list_requests_sent`, the latest sent first, after (or before) the request a
    page link names (:class:`keyset.BadCursor` for a link the list did not make). Two queries;
    recorded as a list of the references shown."""
    require_municipal(actor)
    page = _request_page(requests_sent(actor), REQUEST_ORDER, after=after, before=before, size=size)
    if page.rows:
        record(actor, Action.LIST, object_type="information_request", purpose=P,
               detail={"refs": [r.reference for r in page.rows]})
    return page


def get_sent_request(actor: Actor | None, pk: int) -> InformationRequest:
    """A request the municipality sent. Its answer is shown only through :func:`answer_of`."""
    request = requests_sent(actor).filter(pk=pk).first()
    if request is None:
        _deny(actor, "information_request", f"IP-{pk}")
    record(actor, Action.READ, object_type="information_request", object_ref=request.reference, purpose=P)
    return request


def answer_of(actor: Actor | None, request: InformationRequest) -> dict | None:
    """The provider's answer, for the requesting municipality: recorded as a disclosure citing
    the consent the provider answered under."""
    if not requests_sent(actor).filter(pk=request.pk).exists():
        _deny(actor, "information_request_answer", request.reference)
    if not request.is_answered:
        return None
    record_disclosure(actor, request.client, ANSWER_CATEGORY, request.consent,
                      what=f"information_request:{request.reference}")
    return {"answered_on": request.answered_on, "answer": request.answer,
            "recommendations": request.recommendations}


# --- consents given at the municipal office ------------------------------------------------


def office_consents(actor: Actor | None, case: MunicipalCase) -> list[OfficeConsent]:
    """Consents recorded on this case at the office (withdrawn ones too): the case team only.
    Shows the provider, its case number, categories and dates; the signed form stays with the
    provider's client (downloadable by the provider's case team)."""
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        _deny(actor, "office_consent", case.pk)
    rows = list(OfficeConsent.objects.filter(case=case).select_related(
        "consent__client__organisation", "consent__recipient", "recorded_by"))
    if rows:
        record(actor, Action.LIST, object_type="office_consent", object_ref=case.reference, purpose=P,
               detail={"consents": [r.consent_id for r in rows]})
    return rows


def get_office_consent(actor: Actor | None, case: MunicipalCase, pk: int) -> OfficeConsent:
    row = None
    if cases_visible_to(actor).filter(pk=case.pk).exists():
        row = OfficeConsent.objects.filter(case=case, consent_id=pk).select_related("consent__client").first()
    if row is None:
        _deny(actor, "office_consent", f"{case.reference}/C{pk}")
    record(actor, Action.READ, object_type="office_consent", object_ref=case.reference, purpose=P,
           detail={"consent": row.consent_id})
    return row


# --- case teams: who assigns ---------------------------------------------------------------


def may_assign_teams(actor: Actor | None) -> bool:
    """An assigner of the municipality (by the rules in force), e.g. its organisation administrator."""
    if actor is None or actor.organisation is None or not actor.mfa_verified:
        return False
    if actor.organisation.kind != OrganisationKind.MUNICIPAL_SOCIAL_SERVICE:
        return False
    return actor.has_role(*ruleset_on(timezone.localdate()).municipal_team_assigner_roles)


def _team_prefetch():
    return Prefetch("client__team", queryset=CaseTeamMember.objects.select_related("user").order_by("added_at", "pk"))


def team_overview(actor: Actor | None) -> list[MunicipalCase]:
    """Every case of the municipality with its team, for an assigner: references, status and
    the workers, nothing of the person. Recorded as a list."""
    if not may_assign_teams(actor):
        raise Http404
    cases = list(MunicipalCase.objects.filter(organisation=actor.organisation).prefetch_related(_team_prefetch()))
    if cases:
        record(actor, Action.LIST, object_type="municipal_case_team", purpose=Purpose.ADMINISTRATION,
               detail={"refs": [c.reference for c in cases]})
    return cases


# The team overview's order: the case list's (the newest case first), its own links.
TEAM_ORDER = keyset.Keyset(salt="atbalsts.municipal.teams", keys=CASE_ORDER.keys)


def team_page(actor: Actor | None, *, after: str = "", before: str = "", size: int | None = None) -> keyset.Page:
    """One page of :func:`team_overview`, in its order (the newest case first), after (or before)
    the case a page link names (:class:`keyset.BadCursor` for a link the list did not make): the
    page's cases with their teams in three queries whatever the page's size. Recorded as a list
    of the references shown."""
    if not may_assign_teams(actor):
        raise Http404
    qs = (MunicipalCase.objects.filter(organisation=actor.organisation)
          .only("pk", "reference", "status", "opened_at", "client_id")
          # The client only as the team's owner: nothing of the person is read or decrypted.
          .prefetch_related(Prefetch("client", queryset=Client.objects.only("pk")), _team_prefetch()))
    page = keyset.paginate(qs, TEAM_ORDER, after=after, before=before, size=size)
    if page.rows:
        record(actor, Action.LIST, object_type="municipal_case_team", purpose=Purpose.ADMINISTRATION,
               detail={"refs": [c.reference for c in page.rows]})
    return page


def get_case_team(actor: Actor | None, pk: int) -> MunicipalCase:
    """A case, to see and change its team: an assigner of the municipality or a worker on the team."""
    qs = MunicipalCase.objects.none()
    if may_assign_teams(actor):
        qs = MunicipalCase.objects.filter(organisation=actor.organisation)
    elif is_municipal_worker(actor):
        qs = cases_visible_to(actor)
    case = qs.filter(pk=pk).prefetch_related(_team_prefetch()).first()
    if case is None:
        _deny(actor, "municipal_case_team", pk)
    record(actor, Action.READ, object_type="municipal_case_team", object_ref=case.reference, purpose=P)
    return case


# --- what providers see ------------------------------------------------------------------


def referrals_incoming(actor: Actor | None) -> list[Referral]:
    """Referrals from social services to the actor's provider (the referrals app's inbox)."""
    if not is_provider_worker(actor):
        raise Http404
    return [r for r in referral_access.inbox(actor) if r.origin_type == "municipal_screening"]


def get_incoming_referral(actor: Actor | None, pk: int) -> Referral:
    referral = None
    if is_provider_worker(actor):
        referral = Referral.objects.filter(pk=pk, recipient=actor.organisation).only("reference").first()
    if referral is None:
        _deny(actor, "referral", f"id {pk}", COOPERATION)
    return referral_access.get_referral(actor, referral.reference)


def requests_incoming_qs(actor: Actor | None) -> QuerySet[InformationRequest]:
    """Requests to the actor's organisation about clients on the actor's case teams."""
    if actor is None or not actor.may_open_personal_data:
        return InformationRequest.objects.none()
    return InformationRequest.objects.filter(
        provider=actor.organisation, client__in=clients_visible_to(actor)
    ).select_related("case__organisation", "client")


def requests_incoming(actor: Actor | None) -> list[InformationRequest]:
    if not is_provider_worker(actor):
        raise Http404
    requests = list(requests_incoming_qs(actor))
    if requests:
        record(actor, Action.LIST, object_type="information_request", purpose=COOPERATION,
               detail={"refs": [r.reference for r in requests]})
    return requests


def requests_incoming_page(actor: Actor | None, *, after: str = "", before: str = "",
                           size: int | None = None) -> keyset.Page:
    """One page of :func:`requests_incoming`, the latest sent first (:class:`keyset.BadCursor` for
    a link the list did not make). Two queries; recorded as a list of the references shown."""
    if not is_provider_worker(actor):
        raise Http404
    page = _request_page(requests_incoming_qs(actor), INCOMING_REQUEST_ORDER, after=after, before=before, size=size)
    if page.rows:
        record(actor, Action.LIST, object_type="information_request", purpose=COOPERATION,
               detail={"refs": [r.reference for r in page.rows]})
    return page


def get_incoming_request(actor: Actor | None, pk: int) -> InformationRequest:
    request = requests_incoming_qs(actor).filter(pk=pk).first()
    if request is None:
        _deny(actor, "information_request", f"IP-{pk}", COOPERATION)
    record(actor, Action.READ, object_type="information_request", object_ref=request.reference,
           purpose=COOPERATION)
    return request
