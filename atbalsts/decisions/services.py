"""The only way to change applications and decisions: actor in, one transaction, audit inside."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.steps import Step, require_step
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.identification import stats as identification_stats
from atbalsts.identification.access import is_on_case_team
from atbalsts.identification.models import Case, Conclusion, Ground, LegalRepresentative, RecognitionGround
from atbalsts.identification.services import eligibility_message, eligibility_of
from atbalsts.lib import documents
from atbalsts.lib.notify import Tell, tell
from atbalsts.policy.notifications import Notice
from atbalsts.policy.rules import is_minor, ruleset_on
from atbalsts.policy.selectors import current_calendar
from atbalsts.policy.validators import check_rules_date
from atbalsts.statistics import services as statistics

from .access import is_siva
from .letter import letter_context
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationStatus,
    Decision,
    DecisionKind,
    DecisionLetter,
    Notification,
    Outcome,
    Signatory,
)

P = Purpose.DECISION


def deadline_for(received_on: datetime.date) -> datetime.date:
    """SIVA decides within the policy's working days of receipt, on Latvia's calendar."""
    days = ruleset_on(received_on).siva_decision_working_days
    return current_calendar().add_working_days(received_on, days)


@transaction.atomic
def submit_application(actor: Actor, case: Case, data: dict[str, Any]) -> Application:
    """The provider sends the person's written application and the ground document to SIVA."""
    if not is_on_case_team(actor, case):
        raise PermissionDenied(_("Only the case team can do this."))
    require_step(actor, Step.APPLY_TO_SIVA)
    ground = data.get("ground")
    if not isinstance(ground, RecognitionGround) or ground.case_id != case.pk:
        raise ValidationError({"ground": _("Choose the recognition ground of this case.")})
    if ground.ground == Ground.COMMISSION:
        commission = ground.commission
        if commission is None or commission.conclusion != Conclusion.RECOGNISED:
            raise ValidationError({"ground": _("The commission did not recognise the person.")})
        if not commission.fully_acknowledged:
            raise ValidationError({"ground": _("Every commission member must acknowledge the protocol first.")})
    if case.applications.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("This case already has an application with SIVA."))
    today = timezone.localdate()
    received_on = data.get("received_on") or today
    check_rules_date("received_on", received_on)
    # Eligibility is enforced, not only shown: on the day SIVA receives the application.
    result = eligibility_of(case, on=received_on)
    if result is None:
        raise ValidationError(_("Record the person's citizenship and residence status on the identification case "
                                "before applying to SIVA."))
    if not result.eligible:
        raise ValidationError(_(
            "The person is not eligible for the state-funded service: %(reason)s For a person who is not an EU "
            "citizen, record the legal basis under which the law entitles them."
        ) % {"reason": eligibility_message(result)})
    signatory_name = (data.get("signatory_name") or "").strip()
    birth = case.client.birth_date
    if birth and is_minor(birth, received_on):
        # A minor's application is signed by the legal representative recorded on the case.
        representative = LegalRepresentative.objects.filter(case=case).first()
        if representative is None:
            raise ValidationError(_("The person is a minor: record the legal representative on the identification "
                                    "case before applying to SIVA."))
        if data.get("signatory") != Signatory.LEGAL_REPRESENTATIVE:
            raise ValidationError({"signatory": _("For a minor the legal representative signs the application.")})
        if signatory_name and signatory_name.casefold() != representative.name.strip().casefold():
            raise ValidationError({"signatory_name": _(
                "The application must name the legal representative recorded on the case: %(name)s."
            ) % {"name": representative.name}})
        signatory_name = representative.name
    elif not signatory_name:
        raise ValidationError({"signatory_name": _("Write the name of the person who signed the application.")})
    app = Application(
        case=case,
        organisation=case.organisation,
        ground=ground,
        submitted_by=actor.user,
        received_on=received_on,
        deadline=deadline_for(received_on),
        signatory=data.get("signatory") or "",
        signatory_name=signatory_name,
        signed_on=data.get("signed_on"),
    )
    app.full_clean()
    app.save()
    record(actor, Action.CREATE, object_type="siva_application", object_ref=app.reference, purpose=P,
           detail={"ground": ground.ground, "deadline": app.deadline.isoformat(), "eligibility": result.reason})
    return app


_STATUS_OF = {Outcome.GRANT: ApplicationStatus.GRANTED, Outcome.QUEUE: ApplicationStatus.QUEUED,
              Outcome.REFUSE: ApplicationStatus.REFUSED}


def _notice(decision: Decision) -> str:
    # Stored text, in Latvian (the provider's working language); no personal data.
    with override("lv"):
        ref = decision.application.reference
        if decision.outcome == Outcome.GRANT:
            return _("SIVA granted the service for %(ref)s from %(start)s.") % {
                "ref": ref, "start": date_format(decision.service_start, "d.m.Y")}
        if decision.outcome == Outcome.QUEUE:
            return _("SIVA put %(ref)s in the queue.") % {"ref": ref}
        return _("SIVA refused the service for %(ref)s.") % {"ref": ref}


LETTER_STYLESHEETS = ("identification/document.css",)


def _store_letter(decision: Decision) -> DecisionLetter:
    """The decision letter as issued, PDF/A in Latvian, kept with the decision."""
    data = documents.render_pdf("decisions/letter_pdf.html", letter_context(decision, "lv"),
                                stylesheets=LETTER_STYLESHEETS, language="lv")
    return DecisionLetter.objects.create(decision=decision, content=data, size=len(data),
                                         sha256=documents.sha256(data))


def _write_decision(actor, application, data, kind, supersedes=None) -> Decision:
    outcome = data.get("outcome")
    decision = Decision(
        application=application,
        kind=kind,
        outcome=outcome or "",
        service_start=data.get("service_start") if outcome == Outcome.GRANT else None,
        refusal_reason=(data.get("refusal_reason") or "") if outcome == Outcome.REFUSE else "",
        refusal_text=((data.get("refusal_text") or "").strip()) if outcome == Outcome.REFUSE else "",
        decided_on=timezone.localdate(),
        decided_by=actor.user,
        supersedes=supersedes,
        signatory_name=(actor.user.get_full_name() or actor.user.get_username())[:200],
        signatory_position=(data.get("signatory_position") or "").strip()[:200],
    )
    if outcome == Outcome.GRANT and not decision.service_start:
        raise ValidationError({"service_start": _("Give the date the service starts.")})
    check_rules_date("service_start", decision.service_start)
    if outcome == Outcome.REFUSE and not (decision.refusal_reason and decision.refusal_text):
        raise ValidationError({"refusal_reason": _("Give the reason for refusal and explain it.")})
    decision.full_clean()
    decision.save()
    application.status = _STATUS_OF[outcome]
    application.save(update_fields=["status"])
    Notification.objects.create(organisation=application.organisation, case=application.case,
                                decision=decision, text=_notice(decision))
    _store_letter(decision)
    # The provider's case team finds the decision on its task list, linked to the letter.
    tell(Tell(notice=Notice.SIVA_DECISION, organisation_id=application.organisation_id,
              client_id=application.case.client_id, due=decision.decided_on,
              url=reverse("decisions:letter", args=[decision.pk]), reference=application.reference,
              about=("siva_decision", decision.pk)))
    statistics.write(identification_stats.sync(application.case), **statistics_values(decision))
    record(actor, Action.CREATE, object_type="siva_decision", object_ref=str(decision), purpose=P,
           detail={"outcome": outcome, "kind": kind,
                   "supersedes": supersedes.pk if supersedes else None})
    return decision


def statistics_values(decision: Decision) -> dict:
    """What a decision puts on the case's de-identified statistical record (ADR 0017)."""
    application = decision.application
    return {
        "siva_outcome": decision.outcome,
        "siva_received_month": application.received_on,
        "siva_decision_days": (decision.decided_on - application.received_on).days,
        "siva_decision_working_days": current_calendar().working_days_between(application.received_on,
                                                                              decision.decided_on),
        "siva_refusal_reason": decision.refusal_reason if decision.outcome == Outcome.REFUSE else "",
    }


def last_position(actor: Actor) -> str:
    """The position the official signed their last letter with: the form offers it again."""
    last = Decision.objects.filter(decided_by=actor.user).exclude(signatory_position="").order_by("-pk").first()
    return last.signatory_position if last else ""


def _require_siva(actor: Actor) -> None:
    if not is_siva(actor):
        raise PermissionDenied(_("Only SIVA decides on applications."))


@transaction.atomic
def decide_application(actor: Actor, application: Application, data: dict[str, Any]) -> Decision:
    """SIVA's decision: grant (with a start date), queue, or refuse (reason code and text). Once."""
    _require_siva(actor)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.decisions.exists():
        raise ValidationError(_("This application is already decided. Record a correction instead."))
    return _write_decision(actor, application, data, DecisionKind.ORIGINAL)


@transaction.atomic
def correct_decision(actor: Actor, decision: Decision, data: dict[str, Any]) -> Decision:
    """A correction is a new decision linked to the one it replaces; the old one stays as it was."""
    _require_siva(actor)
    application = Application.objects.select_for_update().get(pk=decision.application_id)
    current = application.current_decision
    if current is None or current.pk != decision.pk:
        raise ValidationError(_("Only the current decision can be corrected."))
    return _write_decision(actor, application, data, DecisionKind.CORRECTION, supersedes=decision)


@transaction.atomic
def release_capacity(actor: Actor, service_start: datetime.date) -> Decision:
    """A place is free: the person queued longest (by date of receipt) is granted the service."""
    _require_siva(actor)
    application = (
        Application.objects.select_for_update()
        .filter(status=ApplicationStatus.QUEUED)
        .order_by("received_on", "submitted_at", "pk")
        .first()
    )
    if application is None:
        raise ValidationError(_("No one is waiting in the queue."))
    return _write_decision(
        actor, application, {"outcome": Outcome.GRANT, "service_start": service_start},
        DecisionKind.PROMOTION, supersedes=application.current_decision,
    )
