"""The only way to load identification data.

- A case, its interviews and grounds: the case's organisation and the client's case team only.
- Health and psychological issues (special-category data): checked again, explicitly, that the
  actor acts for the case's organisation and sits on the case team.
- A commission: the case team, or a member of that commission (a State Police official from
  another organisation sees the commission, never the interview or health data).

Anything missing or not the actor's is a 404; every read is recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib import keyset
from atbalsts.people.access import client_shared_with, clients_visible_to
from atbalsts.people.consent import ConsentCategory, record_disclosure
from atbalsts.people.models import CaseTeamMember

from . import catalogue
from .models import Case, CaseDocument, Commission, CommissionMember, CommissionStatus, DocumentKind, Interview

P = Purpose.IDENTIFICATION


def _deny(actor: Actor | None, object_type: str, ref: str) -> None:
    if actor is not None:
        record(actor, Action.DENIED, object_type=object_type, object_ref=str(ref)[:80], purpose=P)
    raise Http404


def cases_visible_to(actor: Actor | None) -> QuerySet[Case]:
    if actor is None or not actor.may_open_personal_data:
        return Case.objects.none()
    return Case.objects.filter(
        organisation=actor.organisation, client__in=clients_visible_to(actor)
    ).select_related("client", "organisation")


# The case list's order: newest opened first, then the newest id (told apart however many cases
# share an opening time). It walks the index ``identification_case_org_newest``.
CASE_LIST_ORDER = keyset.Keyset(salt="identification.case_list", keys=(
    ("opened_at", "opened_at", "datetime", True),
    ("pk", "pk", "int", True),
))


def case_page(actor: Actor | None, *, after: str = "", before: str = "", only=(), prefetch=()) -> keyset.Page:
    """One page of the actor's cases, newest first, after (or before) the case a signed link names.

    The rule of :func:`cases_visible_to` written as conditions on each case (as in
    :func:`case_counts_by_status`), so that PostgreSQL walks the cases of the actor's organisation
    newest first on the index ``ident_case_org_newest``, looks the team up per case on
    ``case_team_unique_user`` and stops at the page's end: it neither counts nor sorts the scope
    (nor hashes every team row of the actor, as the CASE-wrapped test of ``scope_by_client``
    makes it do here). ``only`` and ``prefetch`` narrow what is read of each case. Raises
    :class:`keyset.BadCursor` for a link the list did not make. Not recorded: the caller records
    what it shows (:func:`list_cases`)."""
    if actor is None or not actor.may_open_personal_data:
        qs = Case.objects.none()
    else:
        on_team = CaseTeamMember.objects.filter(client=OuterRef("client_id"), user=actor.user)
        qs = Case.objects.filter(Exists(on_team), organisation=actor.organisation,
                                 client__organisation=actor.organisation).select_related("client")
    if only:
        qs = qs.only(*only)
    if prefetch:
        qs = qs.prefetch_related(*prefetch)
    return keyset.paginate(qs, CASE_LIST_ORDER, after=after, before=before)


def cases_of_client(actor: Actor | None, client) -> list[Case]:
    return list(cases_visible_to(actor).filter(client=client).order_by("-opened_at"))


def get_case(actor: Actor | None, pk: int) -> Case:
    case = cases_visible_to(actor).filter(pk=pk).first()
    if case is None:
        _deny(actor, "identification_case", str(pk))
    record(actor, Action.READ, object_type="identification_case", object_ref=case.reference, purpose=P)
    return case


def get_interview(actor: Actor | None, case: Case, pk: int) -> Interview:
    """An interview of a case the actor has already opened with :func:`get_case`."""
    interview = case.interviews.filter(pk=pk).first() if case in cases_visible_to(actor) else None
    if interview is None:
        _deny(actor, "interview", f"{case.reference}/V{pk}")
    record(actor, Action.READ, object_type="interview", object_ref=str(interview), purpose=P)
    return interview


def may_see_health(actor: Actor | None, case: Case) -> bool:
    return bool(
        actor is not None
        and actor.may_open_personal_data
        and actor.organisation is not None
        and actor.organisation.pk == case.organisation_id
        and case.client.team.filter(user=actor.user).exists()
    )


def get_interview_health(actor: Actor | None, interview: Interview) -> list[str]:
    """The health and psychological issue codes: the provider's case team only."""
    if not may_see_health(actor, interview.case):
        _deny(actor, "interview_health", str(interview))
    record(actor, Action.READ, object_type="interview_health", object_ref=str(interview), purpose=P)
    return interview.health_codes()


def indicators_for_assessment(actor: Actor | None, commission: Commission) -> list[str]:
    """The indicator codes found at the case's interviews, to pre-fill a member's assessment.

    Only for a member who may read the interviews (the case team); a member from elsewhere (the
    State Police, an invited specialist) gets nothing, as they never see the interview. The read is
    recorded."""
    case = commission.case
    if actor is None or not is_on_case_team(actor, case):
        return []
    interviews = list(case.interviews.prefetch_related("answers"))
    found = {code for i in interviews for code in i.found_indicators}
    if interviews:
        record(actor, Action.READ, object_type="interview_indicators", object_ref=case.reference, purpose=P,
               detail={"interviews": [str(i) for i in interviews], "for": str(commission)})
    return [code for code, *_labels in catalogue.INDICATORS if code in found]


def commissions_visible_to(actor: Actor | None) -> QuerySet[Commission]:
    if actor is None or actor.organisation is None or not actor.mfa_verified:
        return Commission.objects.none()
    team_cases = cases_visible_to(actor)
    seats = CommissionMember.objects.filter(user=actor.user, organisation=actor.organisation)
    return (
        Commission.objects.filter(case__in=team_cases)
        | Commission.objects.filter(pk__in=seats.values("commission_id"))
    ).distinct()


def get_commission(actor: Actor | None, pk: int) -> Commission:
    commission = (
        commissions_visible_to(actor).filter(pk=pk).select_related("case", "case__client", "case__organisation").first()
    )
    if commission is None:
        _deny(actor, "commission", str(pk))
    record(actor, Action.READ, object_type="commission", object_ref=str(commission), purpose=P)
    return commission


def is_on_case_team(actor: Actor | None, case: Case) -> bool:
    return cases_visible_to(actor).filter(pk=case.pk).exists()


def seat_of(actor: Actor | None, commission: Commission) -> CommissionMember | None:
    if actor is None:
        return None
    return commission.members.filter(user=actor.user).first()


def list_cases(actor: Actor | None, cases: list[Case]) -> None:
    if cases:
        record(actor, Action.LIST, object_type="identification_case", purpose=P,
               detail={"refs": [c.reference for c in cases]})


def _exported(actor: Actor, doc: CaseDocument) -> CaseDocument:
    record(actor, Action.EXPORT, object_type=f"case_document_{doc.kind}", object_ref=str(doc), purpose=P,
           detail={"sha256": doc.sha256})
    return doc


def get_protocol_pdf(actor: Actor | None, commission_pk: int) -> CaseDocument:
    """The current evaluation protocol PDF: the case team only (a seat alone is not enough).

    Rendered on the first request for the commission's present state (services.current_protocol)."""
    from .services import current_protocol  # services writes through this module's checks

    commission = commissions_visible_to(actor).filter(pk=commission_pk).select_related("case").first()
    doc = None
    if commission is not None and is_on_case_team(actor, commission.case):
        doc = current_protocol(actor, commission)
    if doc is None:
        _deny(actor, "case_document_protocol", f"K{commission_pk}")
    return _exported(actor, doc)


def get_case_document(actor: Actor | None, case_pk: int, pk: int) -> CaseDocument:
    """An uploaded document of a case: the case team only."""
    doc = (
        CaseDocument.objects.filter(pk=pk, case_id=case_pk, kind=DocumentKind.GROUND,
                                    case__in=cases_visible_to(actor))
        .select_related("case__client").first()
    )
    if doc is None:
        _deny(actor, "case_document", f"{case_pk}/F{pk}")
    return _exported(actor, doc)


# --- health under consent (another organisation) ------------------------------------------


@dataclass(frozen=True)
class SharedHealthEntry:
    date: datetime.date
    codes: tuple[str, ...]


@dataclass(frozen=True)
class SharedHealth:
    """The health and psychological issues recorded at the provider's interviews, for an
    organisation the person named in a consent covering "health". Nothing else of the case."""

    case_number: str
    provider: str
    entries: tuple[SharedHealthEntry, ...]
    consent_id: int


def get_shared_health(actor: Actor | None, case_number: str, on: datetime.date | None = None) -> SharedHealth:
    """404 (recorded) without a consent in force naming the actor's organisation for health;
    otherwise the issues, recorded as a disclosure citing the consent."""
    client, consent = client_shared_with(actor, case_number, ConsentCategory.HEALTH, on=on)
    interviews = Interview.objects.filter(case__client=client, case__organisation=client.organisation).order_by(
        "-date", "-pk")
    entries = tuple(SharedHealthEntry(i.date, tuple(i.health_codes())) for i in interviews if i.health_encrypted)
    record_disclosure(actor, client, ConsentCategory.HEALTH, consent, what="interview_health")
    return SharedHealth(case_number=client.case_number, provider=str(client.organisation.name), entries=entries,
                        consent_id=consent.pk)


# --- the start page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """A commission the actor sits on, as the start page lists it: the reference, the meeting
    date, whether it is concluded and what the member still has to do. Nothing of the person."""

    commission_pk: int
    reference: str
    meeting_date: datetime.date
    concluded: bool
    role_label: str
    to_assess: bool
    to_acknowledge: bool


@dataclass(frozen=True)
class Seats:
    upcoming: list[Seat]
    upcoming_count: int
    recent: list[Seat]
    recent_count: int


def _seat(member: CommissionMember) -> Seat:
    commission = member.commission
    concluded = commission.status == CommissionStatus.CONCLUDED
    return Seat(
        commission_pk=commission.pk, reference=str(commission), meeting_date=commission.meeting_date,
        concluded=concluded, role_label=str(member.get_role_display()),
        to_assess=not concluded and member.assessed_at is None,
        to_acknowledge=concluded and member.acknowledged_at is None,
    )


def my_commissions(actor: Actor | None, today: datetime.date, since: datetime.date, limit: int = 10) -> Seats:
    """The commissions where the actor holds a seat (for the organisation they act for) and may
    see them: those meeting today or later and not concluded (soonest first), and those that
    met since ``since`` (newest first). The references shown are recorded."""
    seats = (CommissionMember.objects
             .filter(user=actor.user if actor is not None else None,
                     organisation=actor.organisation if actor is not None else None,
                     commission__in=commissions_visible_to(actor))
             .select_related("commission__case__client"))
    upcoming_qs = seats.filter(commission__meeting_date__gte=today, commission__status=CommissionStatus.CONVENED)
    recent_qs = seats.filter(commission__meeting_date__gte=since, commission__meeting_date__lt=today)
    upcoming = [_seat(m) for m in upcoming_qs.order_by("commission__meeting_date", "pk")[:limit]]
    recent = [_seat(m) for m in recent_qs.order_by("-commission__meeting_date", "-pk")[:limit]]
    if upcoming or recent:
        record(actor, Action.LIST, object_type="commission", purpose=P,
               detail={"refs": [s.reference for s in upcoming + recent], "start_page": True})
    return Seats(upcoming=upcoming, upcoming_count=upcoming_qs.count(), recent=recent,
                 recent_count=recent_qs.count())


def case_counts_by_status(actor: Actor | None) -> dict[str, int]:
    """How many of the actor's team's identification cases are at each status (counts only).

    The rule of :func:`cases_visible_to` (the case's and the client's organisation are the
    actor's, and the actor is on the client's case team) written as conditions on each case, so
    that PostgreSQL checks the client's organisation on the index ``client_org_id`` and the team
    on ``case_team_by_user`` instead of reading every client row of the register (issue 14)."""
    if actor is None or not actor.may_open_personal_data:
        return {}
    on_team = CaseTeamMember.objects.filter(client=OuterRef("client_id"), user=actor.user)
    rows = (Case.objects.filter(Exists(on_team), organisation=actor.organisation,
                                client__organisation=actor.organisation)
            .order_by().values("status").annotate(n=Count("pk")))
    return {row["status"]: row["n"] for row in rows}
