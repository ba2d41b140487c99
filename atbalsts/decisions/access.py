"""What SIVA may see, and nothing more.

Regulation No. 344 §2.2: SIVA receives the person's name, personal code or birth data and address,
the submitted documents and the provider. Never the interview, the indicators or health data:
SIVA code gets :class:`SivaView` objects built here, not model instances it could walk from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import OrganisationKind, Role
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.identification.access import cases_visible_to
from atbalsts.identification.models import CaseDocument, DocumentKind
from atbalsts.policy.selectors import current_calendar

from .models import Application, ApplicationStatus, Decision, DecisionLetter

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


@dataclass(frozen=True)
class SivaView:
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

    @property
    def due_today(self) -> bool:
        return self.status == ApplicationStatus.RECEIVED and self.deadline == timezone.localdate()

    @property
    def overdue(self) -> bool:
        return self.status == ApplicationStatus.RECEIVED and self.deadline < timezone.localdate()


def _submitted_documents(app: Application):
    return CaseDocument.objects.filter(kind=DocumentKind.GROUND, ground_id=app.ground_id, case_id=app.case_id)


def _view(app: Application, calendar=None, today=None) -> SivaView:
    client = app.case.client
    ground = app.ground
    commission = ground.commission
    cal = calendar or current_calendar()
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
        working_days_left=cal.working_days_between(today or timezone.localdate(), app.deadline),
    )


def siva_inbox(actor: Actor | None) -> list[SivaView]:
    """Applications awaiting a decision, the nearest deadline first."""
    if not is_siva(actor):
        raise Http404
    apps = list(applications_for_siva(actor).filter(status=ApplicationStatus.RECEIVED).order_by(
        "deadline", "received_on", "pk"))
    cal, today = current_calendar(), timezone.localdate()
    views = [_view(a, cal, today) for a in apps]
    if views:
        record(actor, Action.LIST, object_type="siva_application", purpose=P,
               detail={"refs": [v.reference for v in views]})
    return views


def siva_queue(actor: Actor | None) -> list[SivaView]:
    """Queued applications in queue order: date of receipt."""
    if not is_siva(actor):
        raise Http404
    apps = list(applications_for_siva(actor).filter(status=ApplicationStatus.QUEUED).order_by(
        "received_on", "submitted_at", "pk"))
    cal, today = current_calendar(), timezone.localdate()
    views = [_view(a, cal, today) for a in apps]
    if views:
        record(actor, Action.LIST, object_type="siva_application", purpose=P,
               detail={"refs": [v.reference for v in views], "queue": True})
    return views


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


def get_document_for_siva(actor: Actor | None, application_pk: int, pk: int) -> CaseDocument:
    """A document submitted with an application SIVA received (Regulation No. 344), nothing else."""
    app = applications_for_siva(actor).filter(pk=application_pk).first()
    doc = _submitted_documents(app).filter(pk=pk).first() if app is not None else None
    if doc is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="case_document", object_ref=f"A{application_pk}/F{pk}",
                   purpose=P)
        raise Http404
    record(actor, Action.EXPORT, object_type="case_document_ground", object_ref=f"{app.reference}/F{doc.pk}",
           purpose=P, detail={"sha256": doc.sha256})
    return doc


def get_decision_letter(actor: Actor | None, decision_pk: int) -> DecisionLetter:
    """The decision letter PDF: SIVA, or the provider's case team of that case."""
    decision = get_decision(actor, decision_pk)
    letter = DecisionLetter.objects.filter(decision=decision).first()
    if letter is None:
        raise Http404
    record(actor, Action.EXPORT, object_type="decision_letter", object_ref=str(decision), purpose=P,
           detail={"sha256": letter.sha256})
    return letter
