"""What SIVA may see, and nothing more.

Regulation No. 344 §2.2: SIVA receives the person's name, personal code or birth data and address,
the submitted documents and the provider. The commission sends SIVA the person's evaluation
protocol (seed 003), so SIVA opens the protocol PDF and the ground documents of an application it
received, each opening recorded as a disclosure. For its own refusal reasons SIVA also sees the
citizenship, the policy's eligibility result with the legal basis the provider recorded, and
whether the person already receives or has received the service. Never the interview, the
indicators, health data or the plan: SIVA code gets :class:`SivaView` objects built here, not
model instances it could walk from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import OrganisationKind, Role
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.identification.access import cases_visible_to
from atbalsts.identification.models import CaseDocument, Commission, DocumentKind, EligibilityNote
from atbalsts.identification.services import current_protocol, eligibility_message, eligibility_of
from atbalsts.lib import keyset
from atbalsts.people.models import SearchToken
from atbalsts.people.search import code_digest
from atbalsts.policy import eligibility as policy_eligibility
from atbalsts.policy.rules import ruleset_on
from atbalsts.policy.selectors import current_calendar

from .models import DECIDED_STATUSES, Application, ApplicationStatus, Decision, DecisionLetter

P = Purpose.DECISION


def is_siva(actor: Actor | None) -> bool:
    return bool(
        actor is not None
        and actor.organisation is not None
        and actor.organisation.kind == OrganisationKind.SIVA
        and actor.has_role(Role.SIVA_OFFICER)
        and actor.mfa_verified
    )


def applications_for_siva(actor: Actor | None) -> QuerySet[Application]:
    if not is_siva(actor):
        return Application.objects.none()
    return Application.objects.select_related("case__client", "organisation", "ground")


class _DeadlineState:
    """Whether an application still waiting for SIVA is due today or overdue (the list and the
    application page show the same words)."""

    @property
    def due_today(self) -> bool:
        return self.status == ApplicationStatus.RECEIVED and self.deadline == timezone.localdate()

    @property
    def overdue(self) -> bool:
        return self.status == ApplicationStatus.RECEIVED and self.deadline < timezone.localdate()


@dataclass(frozen=True)
class SivaView(_DeadlineState):
    pk: int
    reference: str
    given_names: str
    surname: str
    personal_code: str
    birth_date: datetime.date | None
    address: str
    provider: str
    received_on: datetime.date
    deadline: datetime.date
    status: str
    status_label: str
    signatory_label: str
    signatory_name: str
    signed_on: datetime.date
    ground_label: str
    document_number: str
    document_date: datetime.date | None
    issuing_body: str
    protocol_conclusion: str
    decisions: list = field(default_factory=list)
    # The submitted documents: (id, file name, content type, size).
    documents: list = field(default_factory=list)
    working_days_left: int = 0
    # What SIVA's refusal reasons need (issue 9.3).
    citizenship: str = ""
    eu_citizen: bool | None = None
    eligible: bool | None = None
    eligibility_reason: str = ""
    eligibility_message: str = ""
    legal_basis: str = ""
    legal_basis_label: str = ""
    legal_basis_note: str = ""
    # The person's other applications granted or queued: (reference, provider, status label,
    # service start, latest course end), the newest first.
    other_services: list = field(default_factory=list)
    # The evaluation protocol the commission sent (ground 3): is there one to open.
    has_protocol: bool = False



def _submitted_documents(app: Application):
    return CaseDocument.objects.filter(kind=DocumentKind.GROUND, ground_id=app.ground_id, case_id=app.case_id)


def _same_person_clients(client) -> list[int]:
    """The client, and the records of other providers with the same personal code (matched by the
    keyed search hash, never by the code itself). Names alone are not enough to say it is the same
    person."""
    ids = {client.pk}
    if client.personal_code:
        ids |= set(SearchToken.objects.filter(digest=code_digest(client.personal_code)).values_list("client_id",
                                                                                                      flat=True))
    return sorted(ids)


def _other_services(app: Application) -> list[tuple]:
    others = (
        Application.objects.filter(case__client_id__in=_same_person_clients(app.case.client),
                                   status__in=(ApplicationStatus.GRANTED, ApplicationStatus.QUEUED))
        .exclude(pk=app.pk).select_related("organisation", "case__client").order_by("-received_on", "-pk")
    )
    out = []
    for other in others:
        current = other.current_decision
        start = current.service_start if current is not None else None
        end = start + datetime.timedelta(days=ruleset_on(start).course_max_days - 1) if start else None
        out.append((other.reference, str(other.organisation.name), str(other.get_status_display()), start, end))
    return out


def _eligibility_fields(app: Application, today) -> dict:
    return _note_fields(app, EligibilityNote.objects.filter(case_id=app.case_id).first(), today)


def _note_fields(app: Application, note: EligibilityNote | None, today) -> dict:
    result = eligibility_of(app.case, on=today, note=note) if note else None
    basis = policy_eligibility.legal_basis(note.legal_basis) if note and note.legal_basis else None
    return {
        "eu_citizen": note.eu_citizen if note else None,
        "eligible": result.eligible if result else None,
        "eligibility_reason": result.reason if result else "",
        "eligibility_message": eligibility_message(result),
        "legal_basis": basis.code if basis else "",
        "legal_basis_label": (basis.label_lv if (get_language() or "lv").startswith("lv") else basis.label_en)
        if basis else "",
        "legal_basis_note": note.legal_basis_note if note else "",
    }


def _view(app: Application, calendar=None, today=None) -> SivaView:
    client = app.case.client
    ground = app.ground
    commission = ground.commission
    cal = calendar or current_calendar()
    today = today or timezone.localdate()
    return SivaView(
        pk=app.pk,
        reference=app.reference,
        given_names=client.given_names,
        surname=client.surname,
        personal_code=client.personal_code,
        birth_date=client.birth_date,
        address=client.address,
        provider=str(app.organisation.name),
        received_on=app.received_on,
        deadline=app.deadline,
        status=app.status,
        status_label=str(app.get_status_display()),
        signatory_label=str(app.get_signatory_display()),
        signatory_name=app.signatory_name,
        signed_on=app.signed_on,
        # Ground 1 names the person's standing: a victim, or a witness who does not want to be one.
        ground_label=str(ground.get_ground_display())
        + (f" ({ground.get_standing_display()})" if ground.standing else ""),
        document_number=ground.document_number,
        document_date=ground.document_date,
        issuing_body=ground.issuing_body,
        protocol_conclusion=str(commission.get_conclusion_display()) if commission else "",
        decisions=list(app.decisions.order_by("pk")),
        documents=[(d.pk, d.file_name, d.content_type, d.size) for d in _submitted_documents(app)],
        working_days_left=cal.working_days_between(today, app.deadline),
        citizenship=client.citizenship,
        **_eligibility_fields(app, today),
        other_services=_other_services(app),
        has_protocol=_protocol_commission(app) is not None,
    )


# --- the inbox and queue pages: one row each, paged by position ----------------------------


@dataclass(frozen=True)
class SivaListItem(_DeadlineState):
    """A row of the inbox or the queue page: what the row shows, nothing more (the application's
    page shows the rest). Built from one query for the whole page."""

    pk: int
    reference: str
    given_names: str
    surname: str
    provider: str
    received_on: datetime.date
    deadline: datetime.date
    status: str
    working_days_left: int



INBOX_ORDER = keyset.Keyset(salt="atbalsts.decisions.inbox", keys=(
    ("deadline", "deadline", "date", False), ("received_on", "received_on", "date", False), ("pk", "pk", "int", False)))
QUEUE_ORDER = keyset.Keyset(salt="atbalsts.decisions.queue", keys=(
    ("received_on", "received_on", "date", False), ("submitted_at", "submitted_at", "datetime", False),
    ("pk", "pk", "int", False)))


def _list_rows(actor: Actor | None, status: str, order: keyset.Keyset, after: str, before: str,
               size: int | None) -> keyset.Page:
    """One page of the applications in ``status``: the application's own columns, the case
    number and the person's two name fields (nothing else of the person is read or decrypted),
    and the provider's name, in one query."""
    qs = (applications_for_siva(actor).filter(status=status)
          .select_related(None).select_related("case__client", "organisation")
          .only("pk", "received_on", "deadline", "status", "submitted_at", "case_id", "organisation_id",
                "case__client_id", "case__client__case_number", "case__client__given_names",
                "case__client__surname", "organisation__name"))
    page = keyset.paginate(qs, order, after=after, before=before, size=size)
    cal, today = current_calendar(), timezone.localdate()
    page.rows = [
        SivaListItem(pk=a.pk, reference=a.reference, given_names=a.case.client.given_names,
                     surname=a.case.client.surname, provider=str(a.organisation.name), received_on=a.received_on,
                     deadline=a.deadline, status=a.status,
                     working_days_left=cal.working_days_between(today, a.deadline))
        for a in page.rows
    ]
    return page


def inbox_page(actor: Actor | None, *, after: str = "", before: str = "", size: int | None = None) -> keyset.Page:
    """A page of the applications awaiting a decision, the nearest deadline first. Raises
    :class:`keyset.BadCursor` for a page link the inbox did not make; the rows shown are recorded."""
    if not is_siva(actor):
        raise Http404
    page = _list_rows(actor, ApplicationStatus.RECEIVED, INBOX_ORDER, after, before, size)
    if page.rows:
        record(actor, Action.LIST, object_type="siva_application", purpose=P,
               detail={"refs": [v.reference for v in page.rows]})
    return page


def queue_page(actor: Actor | None, *, after: str = "", before: str = "", size: int | None = None) -> keyset.Page:
    """A page of the queue in queue order (date of receipt); as :func:`inbox_page`."""
    if not is_siva(actor):
        raise Http404
    page = _list_rows(actor, ApplicationStatus.QUEUED, QUEUE_ORDER, after, before, size)
    if page.rows:
        record(actor, Action.LIST, object_type="siva_application", purpose=P,
               detail={"refs": [v.reference for v in page.rows], "queue": True})
    return page


# --- the API's inbox and queue: the full view of one page, paged by position ---------------


def _other_services_of(apps: list[Application]) -> dict[int, list[tuple]]:
    """:func:`_other_services` of many applications at once (three queries): the same persons
    (by the keyed search hash of the personal code), their applications granted or queued, and
    the decisions of those, for the current one."""
    clients = {a.case.client_id: a.case.client for a in apps}
    same = {pk: {pk} for pk in clients}
    by_digest: dict[str, list[int]] = {}
    for pk, client in clients.items():
        if client.personal_code:
            by_digest.setdefault(code_digest(client.personal_code), []).append(pk)
    if by_digest:
        for digest, other in SearchToken.objects.filter(digest__in=list(by_digest)).values_list("digest", "client_id"):
            for pk in by_digest[digest]:
                same[pk].add(other)
    others = list(
        Application.objects.filter(case__client_id__in=set().union(*same.values()),
                                   status__in=(ApplicationStatus.GRANTED, ApplicationStatus.QUEUED))
        .select_related("organisation", "case__client")
        .only("pk", "status", "received_on", "case_id", "organisation_id", "organisation__name",
              "case__client_id", "case__client__case_number")
        .order_by("-received_on", "-pk"))
    decisions: dict[int, list[Decision]] = {}
    for d in (Decision.objects.filter(application_id__in=[o.pk for o in others])
              .only("pk", "application_id", "supersedes_id", "service_start").order_by("pk")):
        decisions.setdefault(d.application_id, []).append(d)
    rows = []
    for other in others:
        of_app = decisions.get(other.pk, [])
        superseded = {d.supersedes_id for d in of_app}
        current = max((d for d in of_app if d.pk not in superseded), key=lambda d: d.pk, default=None)
        start = current.service_start if current is not None else None
        end = start + datetime.timedelta(days=ruleset_on(start).course_max_days - 1) if start else None
        rows.append((other, (other.reference, str(other.organisation.name), str(other.get_status_display()),
                             start, end)))
    return {app.pk: [row for other, row in rows
                     if other.case.client_id in same[app.case.client_id] and other.pk != app.pk]
            for app in apps}


def _views(apps: list[Application], calendar=None, today=None) -> list[SivaView]:
    """:func:`_view` of many applications in a fixed number of queries, whatever their number:
    the decisions, the submitted documents, the eligibility notes and the same persons' other
    services are read for all of them at once. The applications come with their case, client,
    organisation, ground and the ground's commission."""
    if not apps:
        return []
    cal = calendar or current_calendar()
    today = today or timezone.localdate()
    ids = [a.pk for a in apps]
    decisions: dict[int, list[Decision]] = {}
    for d in Decision.objects.filter(application_id__in=ids).order_by("pk"):
        decisions.setdefault(d.application_id, []).append(d)
    documents: dict[tuple[int, int], list[tuple]] = {}
    for d in (CaseDocument.objects.filter(kind=DocumentKind.GROUND, ground_id__in={a.ground_id for a in apps},
                                          case_id__in={a.case_id for a in apps})
              .only("pk", "file_name", "content_type", "size", "ground_id", "case_id")):
        documents.setdefault((d.case_id, d.ground_id), []).append((d.pk, d.file_name, d.content_type, d.size))
    notes = {n.case_id: n for n in EligibilityNote.objects.filter(case_id__in={a.case_id for a in apps})}
    others = _other_services_of(apps)
    views = []
    for app in apps:
        client, ground = app.case.client, app.ground
        commission = ground.commission
        note = notes.get(app.case_id)
        views.append(SivaView(
            pk=app.pk,
            reference=app.reference,
            given_names=client.given_names,
            surname=client.surname,
            personal_code=client.personal_code,
            birth_date=client.birth_date,
            address=client.address,
            provider=str(app.organisation.name),
            received_on=app.received_on,
            deadline=app.deadline,
            status=app.status,
            status_label=str(app.get_status_display()),
            signatory_label=str(app.get_signatory_display()),
            signatory_name=app.signatory_name,
            signed_on=app.signed_on,
            ground_label=str(ground.get_ground_display())
            + (f" ({ground.get_standing_display()})" if ground.standing else ""),
            document_number=ground.document_number,
            document_date=ground.document_date,
            issuing_body=ground.issuing_body,
            protocol_conclusion=str(commission.get_conclusion_display()) if commission else "",
            decisions=decisions.get(app.pk, []),
            documents=documents.get((app.case_id, app.ground_id), []),
            working_days_left=cal.working_days_between(today, app.deadline),
            citizenship=client.citizenship,
            **_note_fields(app, note, today),
            other_services=others[app.pk],
            # As _protocol_commission: the ground's commission, of this case, concluded.
            has_protocol=commission is not None and commission.case_id == app.case_id and commission.is_concluded,
        ))
    return views


# Personal data the view does not show is not read (each field would be decrypted on every row).
_VIEW_DEFERS = ("case__client__sex", "case__client__languages", "case__client__phone", "case__client__email",
                "case__client__statistics_refs", "case__statistics_ref", "case__exploitation_began_on",
                "case__exploitation_began_age", "ground__commission__reasoning",
                "ground__commission__no_indicator_reason", "ground__commission__age_when_exploitation_began")


def views_queryset(actor: Actor | None) -> QuerySet[Application]:
    """The applications SIVA sees, with what :func:`_views` reads of them in the same query."""
    return applications_for_siva(actor).select_related("ground__commission").defer(*_VIEW_DEFERS)


def _views_page(actor: Actor | None, status: str, order: keyset.Keyset, after: str, before: str,
                size: int | None) -> keyset.Page:
    qs = views_queryset(actor).filter(status=status)
    page = keyset.paginate(qs, order, after=after, before=before, size=size)
    page.rows = _views(page.rows)
    return page


def inbox_views_page(actor: Actor | None, *, after: str = "", before: str = "",
                     size: int | None = None) -> keyset.Page:
    """The API's inbox: a page of the applications awaiting a decision in the inbox page's order
    (:data:`INBOX_ORDER`, the same position links), each with its full view, in a fixed number of
    queries. Raises :class:`keyset.BadCursor` for a link the inbox did not make; 404 for anyone
    but a SIVA officer; the references shown are recorded."""
    if not is_siva(actor):
        raise Http404
    page = _views_page(actor, ApplicationStatus.RECEIVED, INBOX_ORDER, after, before, size)
    if page.rows:
        record(actor, Action.LIST, object_type="siva_application", purpose=P,
               detail={"refs": [v.reference for v in page.rows]})
    return page


def queue_views_page(actor: Actor | None, *, after: str = "", before: str = "",
                     size: int | None = None) -> keyset.Page:
    """The API's queue, in queue order (:data:`QUEUE_ORDER`); as :func:`inbox_views_page`."""
    if not is_siva(actor):
        raise Http404
    page = _views_page(actor, ApplicationStatus.QUEUED, QUEUE_ORDER, after, before, size)
    if page.rows:
        record(actor, Action.LIST, object_type="siva_application", purpose=P,
               detail={"refs": [v.reference for v in page.rows], "queue": True})
    return page


def get_application_for_siva(actor: Actor | None, pk: int) -> tuple[Application, SivaView]:
    """The application (for the services) and the minimal view (for the page)."""
    app = applications_for_siva(actor).filter(pk=pk).first()
    if app is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="siva_application", object_ref=str(pk), purpose=P)
        raise Http404
    record(actor, Action.READ, object_type="siva_application", object_ref=app.reference, purpose=P)
    return app, _view(app)


def get_decision(actor: Actor | None, pk: int) -> Decision:
    """A decision (its letter): SIVA, or the provider's case team of that case."""
    qs = Decision.objects.select_related("application__case__client", "application__organisation")
    decision = qs.filter(pk=pk).first()
    allowed = decision is not None and (
        is_siva(actor) or cases_visible_to(actor).filter(pk=decision.application.case_id).exists()
    )
    if not allowed:
        if actor is not None:
            record(actor, Action.DENIED, object_type="siva_decision", object_ref=str(pk), purpose=P)
        raise Http404
    record(actor, Action.READ, object_type="siva_decision", object_ref=str(decision), purpose=P)
    return decision


def _protocol_commission(app: Application) -> Commission | None:
    """The concluded commission whose opinion is the application's ground, if it is one."""
    if app.ground.commission_id is None:
        return None
    commission = Commission.objects.filter(pk=app.ground.commission_id, case_id=app.case_id).first()
    return commission if commission is not None and commission.is_concluded else None


def _protocol_of(actor: Actor, app: Application) -> CaseDocument | None:
    """The current evaluation protocol of the commission whose opinion is the ground (rendered
    for its present state on the first request, see identification.services.current_protocol)."""
    commission = _protocol_commission(app)
    return current_protocol(actor, commission) if commission is not None else None


def _disclosed(actor: Actor, app: Application, doc: CaseDocument, what: str) -> CaseDocument:
    """SIVA opened a document of the person: a disclosure to another organisation, on the legal
    basis of the application (not a consent), recorded with what and which version."""
    record(actor, Action.DISCLOSE, object_type="client", object_ref=app.case.client.case_number, purpose=P,
           detail={"what": what, "application": app.reference, "document": f"F{doc.pk}", "sha256": doc.sha256,
                   "basis": "siva_application"})
    return doc


def get_document_for_siva(actor: Actor | None, application_pk: int, pk: int) -> CaseDocument:
    """A document submitted with an application SIVA received (Regulation No. 344), nothing else."""
    app = applications_for_siva(actor).filter(pk=application_pk).first()
    doc = _submitted_documents(app).filter(pk=pk).first() if app is not None else None
    if doc is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="case_document", object_ref=f"A{application_pk}/F{pk}",
                   purpose=P)
        raise Http404
    return _disclosed(actor, app, doc, "case_document_ground")


def get_protocol_for_siva(actor: Actor | None, application_pk: int) -> CaseDocument:
    """The evaluation protocol PDF the commission sent with an application SIVA received."""
    app = applications_for_siva(actor).filter(pk=application_pk).first()
    doc = _protocol_of(actor, app) if app is not None else None
    if doc is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="case_document_protocol", object_ref=f"A{application_pk}",
                   purpose=P)
        raise Http404
    return _disclosed(actor, app, doc, "case_document_protocol")


def get_decision_letter(actor: Actor | None, decision_pk: int) -> DecisionLetter:
    """The decision letter PDF: SIVA, or the provider's case team of that case."""
    decision = get_decision(actor, decision_pk)
    letter = DecisionLetter.objects.filter(decision=decision).first()
    if letter is None:
        raise Http404
    record(actor, Action.EXPORT, object_type="decision_letter", object_ref=str(decision), purpose=P,
           detail={"sha256": letter.sha256})
    return letter


@dataclass(frozen=True)
class ArchiveRow:
    """One decided application in SIVA's archive: no personal data beyond the number."""

    pk: int
    reference: str
    provider: str
    status: str
    status_label: str
    received_on: datetime.date
    deadline: datetime.date
    decided_on: datetime.date
    deadline_met: bool
    # A later decision (a correction, a grant from the queue) changed it: its date and kind.
    changed_on: datetime.date | None
    changed_label: str
    current_decision_pk: int | None


# The archive lists first decisions (the one the deadline is about; it supersedes nothing, one
# per application), the newest first; the application id tells equal dates apart.
ARCHIVE_ORDER = keyset.Keyset(salt="atbalsts.decisions.archive", keys=(
    ("decided_on", "decided_on", "date", True), ("application_id", "application_id", "int", True)))


def siva_archive(actor: Actor | None, *, case_number: str = "", application_id: int | None = None,
                 status: str = "", decided_from: datetime.date | None = None,
                 decided_until: datetime.date | None = None, after: str = "", before: str = "",
                 size: int | None = None) -> keyset.Page:
    """Decided applications, the newest decision first, one page (``keyset.page_size()``) after
    or before the row a page link names; :class:`keyset.BadCursor` for a link it did not make.

    The decision date is the first decision's (the one the deadline is about); a correction or a
    grant from the queue changes the outcome shown, not the date the application was decided.
    Two queries whatever the archive's size: the page of first decisions with their application,
    then every decision of those applications (for the current outcome and its letter).
    """
    if not is_siva(actor):
        raise Http404
    qs = (Decision.objects.filter(supersedes__isnull=True, application__status__in=DECIDED_STATUSES)
          .select_related("application__organisation")
          .annotate(case_number=F("application__case__client__case_number"))
          .only("pk", "decided_on", "application_id", "application__id", "application__status",
                "application__received_on", "application__deadline", "application__organisation_id",
                "application__organisation__name"))
    if case_number:
        qs = qs.filter(application__case__client__case_number=case_number)
    if application_id is not None:
        qs = qs.filter(application_id=application_id)
    if status:
        qs = qs.filter(application__status=status)
    if decided_from:
        qs = qs.filter(decided_on__gte=decided_from)
    if decided_until:
        qs = qs.filter(decided_on__lte=decided_until)
    page = keyset.paginate(qs, ARCHIVE_ORDER, after=after, before=before, size=size)
    later: dict[int, list] = {}
    for d in (Decision.objects.filter(application_id__in=[first.application_id for first in page.rows])
              .only("pk", "application_id", "kind", "decided_on", "supersedes_id").order_by("pk")):
        later.setdefault(d.application_id, []).append(d)
    rows = []
    for first in page.rows:
        app = first.application
        decisions = later.get(app.pk, [first])
        superseded = {d.supersedes_id for d in decisions}
        current = max((d for d in decisions if d.pk not in superseded), key=lambda d: d.pk, default=None)
        changed = current is not None and len(decisions) > 1
        rows.append(ArchiveRow(
            pk=app.pk, reference=f"{first.case_number}/A{app.pk}", provider=str(app.organisation.name),
            status=app.status, status_label=str(app.get_status_display()), received_on=app.received_on,
            deadline=app.deadline, decided_on=first.decided_on, deadline_met=first.decided_on <= app.deadline,
            changed_on=current.decided_on if changed else None,
            changed_label=str(current.get_kind_display()) if changed else "",
            current_decision_pk=current.pk if current else None,
        ))
    page.rows = rows
    # Like the inbox: the list read is recorded with what was shown and how it was searched.
    record(actor, Action.LIST, object_type="siva_application", purpose=P,
           detail={"refs": [r.reference for r in rows], "archive": True,
                   "page": "previous" if before and not after else "next" if after else "first",
                   "filters": {"number": f"{case_number}{f'/A{application_id}' if application_id else ''}",
                               "outcome": status,
                               "from": decided_from.isoformat() if decided_from else "",
                               "until": decided_until.isoformat() if decided_until else ""}})
    return page


# --- the start page ------------------------------------------------------------------------


@dataclass(frozen=True)
class DueApplication:
    pk: int
    reference: str
    provider: str
    deadline: datetime.date
    overdue: bool


@dataclass(frozen=True)
class SivaOverview:
    due_today: int
    overdue: int
    awaiting: int
    queued: int
    # The applications due today or overdue, the earliest deadline first (at most ``limit``).
    urgent: list[DueApplication]


def siva_overview(actor: Actor | None, today: datetime.date, limit: int = 10) -> SivaOverview:
    """SIVA's start page: how many applications await a decision, are due today or overdue (the
    deadline fixed at receipt), how long the queue is, and the most urgent by reference. 404 for
    anyone but a SIVA officer; the references shown are recorded."""
    if not is_siva(actor):
        raise Http404
    awaiting = applications_for_siva(actor).filter(status=ApplicationStatus.RECEIVED)
    counts = awaiting.aggregate(
        awaiting=Count("pk"),
        due_today=Count("pk", filter=Q(deadline=today)),
        overdue=Count("pk", filter=Q(deadline__lt=today)),
    )
    urgent = [
        DueApplication(pk=a.pk, reference=a.reference, provider=str(a.organisation.name), deadline=a.deadline,
                       overdue=a.deadline < today)
        for a in awaiting.filter(deadline__lte=today).order_by("deadline", "received_on", "pk")[:limit]
    ]
    if urgent:
        record(actor, Action.LIST, object_type="siva_application", purpose=P,
               detail={"refs": [a.reference for a in urgent], "start_page": True})
    queued = applications_for_siva(actor).filter(status=ApplicationStatus.QUEUED).count()
    return SivaOverview(queued=queued, urgent=urgent, **counts)


@dataclass(frozen=True)
class Answer:
    """SIVA's answer on one of the actor's cases: no personal data, the outcome by its label."""

    decision_pk: int
    reference: str
    outcome: str
    outcome_label: str
    kind: str
    kind_label: str
    decided_on: datetime.date


def answers_for_team(actor: Actor | None, since: datetime.date, limit: int = 10) -> tuple[list[Answer], int]:
    """SIVA's decisions since ``since`` on the cases of the actor's case teams (the newest
    ``limit``, and how many in all). The case numbers shown are recorded."""
    qs = (Decision.objects.filter(application__case__in=cases_visible_to(actor), decided_on__gte=since)
          .select_related("application__case__client"))
    rows = [
        Answer(decision_pk=d.pk, reference=d.application.reference, outcome=d.outcome,
               outcome_label=str(d.get_outcome_display()), kind=d.kind, kind_label=str(d.get_kind_display()),
               decided_on=d.decided_on)
        for d in qs.order_by("-decided_on", "-pk")[:limit]
    ]
    if rows:
        record(actor, Action.LIST, object_type="siva_decision", purpose=P,
               detail={"refs": [a.reference for a in rows], "start_page": True})
    return rows, qs.count()
