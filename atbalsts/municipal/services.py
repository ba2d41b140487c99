"""The only way to change municipal data: each function takes the acting user, runs in one
transaction and writes its audit event inside it. Anything wrong: nothing is saved."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.identification import catalogue as checklists
from atbalsts.lib.crypto import normalise
from atbalsts.people import access as people_access
from atbalsts.people import services as people_services
from atbalsts.people.consent import active_consent
from atbalsts.people.models import CaseTeamMember, Client, Consent
from atbalsts.referrals import services as referral_services
from atbalsts.referrals.models import Referral

from . import catalogue
from .access import ANSWER_CATEGORY, cases_visible_to, is_municipal_worker, may_assign_teams, requests_incoming_qs
from .models import (
    CaseStatus,
    CaseStep,
    ContactStage,
    InformationRequest,
    MunicipalCase,
    OfficeConsent,
    Outcome,
    Screening,
    Step,
)

P = Purpose.CASEWORK
# The referral type a screening sends (policy/referral_types.py) and how its origin is named.
REFERRAL_TYPE = "municipal_to_provider"
REFERRAL_ORIGIN = "municipal_screening"
PERSON_FIELDS = ("given_names", "surname", "personal_code", "birth_date", "phone", "address")


def _require_municipal(actor: Actor) -> None:
    if not is_municipal_worker(actor):
        raise PermissionDenied(_("Only a municipal social worker can do this."))


def _require_own_case(actor: Actor, case: MunicipalCase) -> None:
    """The actor is a municipal social worker on the case's team."""
    _require_municipal(actor)
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied(_("Only the case team can do this."))


def _not_future(name: str, value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({name: _("The date cannot be in the future.")})


def _codes(name: str, values, entries) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = sorted(set(values) - checklists.codes(entries))
    if unknown:
        raise ValidationError({name: _("Unknown codes: %(codes)s") % {"codes": ", ".join(unknown)}})
    return values


def _provider(value) -> Organisation:
    if not isinstance(value, Organisation) or value.kind != OrganisationKind.SERVICE_PROVIDER or not value.is_active:
        raise ValidationError({"provider": _("Choose an active service provider.")})
    return value


# --- the case --------------------------------------------------------------------------------


@transaction.atomic
def open_case(actor: Actor, data: dict[str, Any]) -> MunicipalCase:
    """Open the social service's own case for a person: an existing client of the municipality
    (``client``, loaded through people.access) or a new one from ``person`` (people.services)."""
    _require_municipal(actor)
    if data.get("contact_stage") not in ContactStage.values:
        raise ValidationError({"contact_stage": _("Say when the person came to the social service.")})
    client = data.get("client")
    if client is None:
        person = {k: v for k, v in (data.get("person") or {}).items() if k in PERSON_FIELDS and v not in (None, "")}
        if not person.get("given_names") or not person.get("surname"):
            raise ValidationError({"given_names": _("Enter the person's given names and surname, or the case "
                                                    "number of an existing client of your service.")})
        client = people_services.create_client(actor, person)
    elif client.organisation_id != actor.organisation.pk:
        raise PermissionDenied(_("Only a municipal social worker can do this."))
    case = MunicipalCase.objects.create(
        organisation=actor.organisation, client=client, contact_stage=data["contact_stage"], opened_by=actor.user)
    while MunicipalCase.objects.filter(reference=case.reference).exclude(pk=case.pk).exists():  # pragma: no cover
        case.reference = MunicipalCase._meta.get_field("reference").default()
        case.save(update_fields=["reference"])
    record(actor, Action.CREATE, object_type="municipal_case", object_ref=case.reference, purpose=P,
           detail={"client": client.case_number, "contact_stage": case.contact_stage})
    return case


def last_step(case: MunicipalCase) -> CaseStep | None:
    return case.steps.order_by("-recorded_at", "-pk").first()


def follow_up_due_after(last: CaseStep | None) -> datetime.date | None:
    """The follow-up date a case is waiting for when ``last`` is its last step: that of an
    evaluation that closed the case with a follow-up date, else None."""
    if last is not None and last.step == Step.EVALUATION and last.outcome == Outcome.CLOSE:
        return last.follow_up_on
    return None


def refresh_follow_up(cases: QuerySet[MunicipalCase]) -> int:
    """Store on each of ``cases`` its ``follow_up_due`` (:func:`follow_up_due_after` its last step, by
    the time recorded, then the number) in one statement; for steps written without
    :func:`record_step` (data loads, tests). Returns the number of cases updated."""
    later = CaseStep.objects.filter(case=OuterRef("case_id")).filter(
        Q(recorded_at__gt=OuterRef("recorded_at")) | Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk")))
    closing_last = CaseStep.objects.filter(case=OuterRef("pk"), step=Step.EVALUATION, outcome=Outcome.CLOSE,
                                           follow_up_on__isnull=False).filter(~Exists(later))
    return cases.order_by().update(follow_up_due=Subquery(closing_last.values("follow_up_on")[:1]))


def allowed_steps(case: MunicipalCase) -> list[int]:
    """The steps that may be recorded next: in order; after an evaluation that continues the
    cooperation, planning again or evaluating again; after closing, only the follow-up."""
    return allowed_steps_after(last_step(case))


def allowed_steps_after(last: CaseStep | None) -> list[int]:
    """:func:`allowed_steps` of a case whose last step (by the time recorded, then the number) is
    ``last``: for lists that have the steps of many cases at hand."""
    if last is None:
        return [Step.ASSESSMENT]
    if last.step == Step.EVALUATION:
        return [Step.FOLLOW_UP] if last.outcome == Outcome.CLOSE else [Step.PLAN, Step.EVALUATION]
    if last.step == Step.FOLLOW_UP:
        return [Step.FOLLOW_UP]
    return [last.step, last.step + 1]


def _order_error(case: MunicipalCase, step: int) -> str:
    last = last_step(case)
    if last is None:
        return _("Start with step 1, the assessment of the social situation.")
    if last.step == Step.EVALUATION and last.outcome == Outcome.CLOSE:
        return _("The case was closed at the evaluation; only the follow-up (step 5) can be recorded.")
    if step == Step.FOLLOW_UP:
        return _("The follow-up (step 5) comes after an evaluation that closed the case (step 4).")
    needed = max(allowed_steps(case))
    values = {"step": step, "needed": needed, "label": Step(needed).label, "current": last.step}
    if step > needed:
        return _("Step %(step)s cannot be recorded yet: record step %(needed)s (%(label)s) first.") % values
    return _("The case is already at step %(current)s; the next step is %(needed)s (%(label)s).") % values


# The three parts of step 1 (seed 003: "intervija, vajadzību izvērtēšana, apsekošana").
PART_INTERVIEW = gettext_lazy("the interview")
PART_NEEDS = gettext_lazy("the needs assessment")
PART_HOME_VISIT = gettext_lazy("the home visit")


def _assessment(row: CaseStep, data: dict[str, Any], date: datetime.date) -> None:
    """Step 1 may be recorded in parts (the interview today, the home visit next week); each
    record holds at least one of them."""
    interview_on, home_visit_on = data.get("interview_on"), data.get("home_visit_on")
    for name, value in (("interview_on", interview_on), ("home_visit_on", home_visit_on)):
        if value is not None and not isinstance(value, datetime.date):
            raise ValidationError({name: _("Enter a valid date.")})
        _not_future(name, value)
        if value is not None and value > date:
            raise ValidationError({name: _("This cannot be after the date of the step (%(date)s).")
                                   % {"date": date.strftime("%d.%m.%Y")}})
    row.interview_on, row.home_visit_on = interview_on, home_visit_on
    row.interview_notes = (data.get("interview_notes") or "").strip()
    row.needs_assessment = (data.get("needs_assessment") or "").strip()
    row.home_visit_notes = (data.get("home_visit_notes") or "").strip()
    row.needs = _codes("needs", data.get("needs"), checklists.NEEDS)
    if row.interview_notes and row.interview_on is None:
        raise ValidationError({"interview_on": _("Enter the date of the interview.")})
    if not (row.interview_on or row.needs or row.needs_assessment or row.home_visit_on or row.home_visit_notes):
        raise ValidationError({"interview_on": _(
            "Record at least one part of step 1: the interview, the needs assessment or the home visit "
            "(its date, or why it was not made).")})


def assessment_missing(case: MunicipalCase) -> list:
    """The parts of step 1 not yet recorded on the case (empty when step 1 is complete)."""
    rows = list(case.steps.filter(step=Step.ASSESSMENT))
    missing = []
    if not any(r.interview_on for r in rows):
        missing.append(PART_INTERVIEW)
    if not any(r.needs or r.needs_assessment for r in rows):
        missing.append(PART_NEEDS)
    if not any(r.home_visit_on or r.home_visit_notes for r in rows):
        missing.append(PART_HOME_VISIT)
    return missing


@transaction.atomic
def record_step(actor: Actor, case: MunicipalCase, data: dict[str, Any]) -> CaseStep:
    """Record one case-management step, in order (see :func:`allowed_steps`)."""
    _require_own_case(actor, case)
    case = MunicipalCase.objects.select_for_update().get(pk=case.pk)
    try:
        step = int(data.get("step"))
        Step(step)
    except (TypeError, ValueError):
        raise ValidationError({"step": _("Choose the step.")}) from None
    if step not in allowed_steps(case):
        raise ValidationError({"step": _order_error(case, step)})
    date = data.get("date")
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": _("Enter the date of the step.")})
    _not_future("date", date)
    previous = last_step(case)
    if previous is not None and date < previous.date:
        raise ValidationError({"date": _("The step cannot be dated before the previous step (%(date)s).")
                               % {"date": previous.date.strftime("%d.%m.%Y")}})
    row = CaseStep(case=case, step=step, date=date, notes=(data.get("notes") or "").strip(), recorded_by=actor.user)
    if step == Step.ASSESSMENT:
        _assessment(row, data, date)
    if step == Step.TARGET_GROUP:
        missing = assessment_missing(case)
        if missing:
            raise ValidationError({"step": _(
                "Step 1 is not complete: record %(missing)s first (a home visit not made needs the reason)."
            ) % {"missing": ", ".join(str(m) for m in missing)}})
        if data.get("fits_target_group") is None:
            raise ValidationError({"fits_target_group": _("Say whether the person fits the target group.")})
        row.fits_target_group = bool(data["fits_target_group"])
        row.risk_groups = _codes("risk_groups", data.get("risk_groups"), checklists.RISK_GROUPS)
        row.needs = _codes("needs", data.get("needs"), checklists.NEEDS)
        row.set_health(_codes("health", data.get("health"), checklists.HEALTH_ISSUES))
    if step == Step.PLAN:
        row.activities = _codes("activities", data.get("activities"), catalogue.ACTIVITIES)
        if not row.activities:
            raise ValidationError({"activities": _("Choose at least one activity of the plan.")})
    if step == Step.EVALUATION:
        if data.get("outcome") not in Outcome.values:
            raise ValidationError({"outcome": _("Say whether the case is closed or the cooperation continues.")})
        row.outcome = data["outcome"]
        row.follow_up_on = data.get("follow_up_on")
        if row.follow_up_on is not None and row.follow_up_on < date:
            raise ValidationError({"follow_up_on": _("The follow-up cannot be before the evaluation.")})
    row.save()
    changed = []
    if step == Step.EVALUATION and row.outcome == Outcome.CLOSE:
        case.status, case.closed_at = CaseStatus.CLOSED, timezone.now()
        changed += ["status", "closed_at"]
    elif step == Step.EVALUATION and case.status == CaseStatus.CLOSED:  # pragma: no cover - defensive
        case.status, case.closed_at = CaseStatus.OPEN, None
        changed += ["status", "closed_at"]
    # The follow-up date the reminders read, from the case's last step now (the case row is locked).
    follow_up_due = follow_up_due_after(last_step(case))
    if follow_up_due != case.follow_up_due:
        case.follow_up_due = follow_up_due
        changed.append("follow_up_due")
    if changed:
        case.save(update_fields=changed)
    detail: dict[str, Any] = {"step": step}
    if step == Step.ASSESSMENT:
        detail.update(interview=bool(row.interview_on), needs=row.needs,
                      home_visit="made" if row.home_visit_on else ("reason" if row.home_visit_notes else "none"))
    if step == Step.TARGET_GROUP:
        # The codes are encrypted on the step; the audit trail keeps only how many (ADR 0017).
        detail.update(fits_target_group=row.fits_target_group, risk_groups=len(row.risk_groups), needs=len(row.needs))
    if step == Step.PLAN:
        detail["activities"] = len(row.activities)
    if step == Step.EVALUATION:
        detail["outcome"] = row.outcome
    record(actor, Action.CREATE, object_type="municipal_step", object_ref=case.reference, purpose=P, detail=detail)
    return row


@transaction.atomic
def link_provider_client(actor: Actor, case: MunicipalCase, case_number: str) -> MunicipalCase:
    """Link the provider's client, which the person agreed to share with this municipality."""
    _require_own_case(actor, case)
    client = Client.objects.filter(case_number=(case_number or "").strip().upper()).exclude(
        organisation=actor.organisation).first()
    consent = None
    if client is not None:
        consent = next((c for c in Consent.objects.filter(client=client, recipient=actor.organisation,
                                                          withdrawn_at__isnull=True)
                        if c.state == "active"), None)
    if consent is None:
        raise ValidationError({"case_number": _(
            "No consent in force names your organisation for a client with this case number.")})
    case.provider_client = client
    case.save(update_fields=["provider_client"])
    record(actor, Action.UPDATE, object_type="municipal_case", object_ref=case.reference, purpose=P,
           detail={"provider_client": client.case_number, "consent": consent.pk})
    return case


# --- screening and referral --------------------------------------------------------------


@transaction.atomic
def record_screening(actor: Actor, case: MunicipalCase, data: dict[str, Any]) -> Screening:
    _require_own_case(actor, case)
    date = data.get("date")
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": _("Enter the date of the screening.")})
    _not_future("date", date)
    criteria_items = [(code, lv, en) for g in checklists.CRITERIA_GROUPS for code, lv, en in g.items]
    screening = Screening.objects.create(
        case=case, date=date,
        indicators=_codes("indicators", data.get("indicators"), checklists.INDICATORS),
        criteria=_codes("criteria", data.get("criteria"), criteria_items),
        notes=(data.get("notes") or "").strip(), recorded_by=actor.user,
    )
    record(actor, Action.CREATE, object_type="municipal_screening", object_ref=case.reference, purpose=P,
           detail={"screening": screening.pk, "indicators": len(screening.indicators),
                   "criteria": len(screening.criteria)})
    return screening


def send_referral(actor: Actor, screening: Screening, data: dict[str, Any]) -> Referral:
    """Refer the person to a chosen provider: a ``referrals.Referral`` of the type
    ``municipal_to_provider``. The screening's findings travel as codes; the person's name,
    how to reach them and the message travel only under the person's consent naming the
    provider (checked by ``referrals.services.send_referral``, which refuses them otherwise)."""
    _require_own_case(actor, screening.case)
    provider = _provider(data.get("provider"))
    contact = {k: (data.get(f) or "").strip() for k, f in (("name", "contact_name"), ("phone", "contact_phone"))}
    return referral_services.send_referral(
        actor, recipient=provider, type_code=REFERRAL_TYPE, client=screening.case.client,
        indicators=list(screening.indicators), criteria=list(screening.criteria),
        message=data.get("message") or "", contact={k: v for k, v in contact.items() if v},
        origin=(REFERRAL_ORIGIN, screening.pk),
    )


def acknowledge_referral(actor: Actor, referral: Referral) -> Referral:
    """The provider opened the referral (kept for the municipal API; the referral's own page
    and API accept or decline it)."""
    if actor.organisation is None or referral.recipient_id != actor.organisation.pk or not actor.may_open_personal_data:
        raise PermissionDenied(_("Only the provider the referral was sent to can do this."))
    return referral_services.mark_seen(actor, referral)


# --- information requests ----------------------------------------------------------------


@transaction.atomic
def send_information_request(actor: Actor, case: MunicipalCase, data: dict[str, Any]) -> InformationRequest:
    """A written request to a provider for information on the services given and the progress of
    a person's case (``provider_case_number``: the provider's case number for the person)."""
    _require_own_case(actor, case)
    provider = _provider(data.get("provider"))
    case_number = (data.get("provider_case_number") or "").strip().upper()
    client = Client.objects.filter(case_number=case_number, organisation=provider).first() if case_number else None
    if client is None:
        raise ValidationError({"provider_case_number": _(
            "Enter the provider's case number for the person, as the provider or the person gave it.")})
    asked = (data.get("asked") or "").strip()
    if not asked:
        raise ValidationError({"asked": _("Write what information is requested.")})
    sent_on = data.get("sent_on") or timezone.localdate()
    _not_future("sent_on", sent_on)
    request = InformationRequest.objects.create(case=case, provider=provider, client=client, sent_on=sent_on,
                                                asked=asked, sent_by=actor.user)
    record(actor, Action.CREATE, object_type="information_request", object_ref=request.reference, purpose=P,
           detail={"case": case.reference, "provider": provider.pk, "client": client.case_number})
    return request


def answer_information_request(actor: Actor, request: InformationRequest, data: dict[str, Any]) -> InformationRequest:
    """The provider's case team answers, only under a consent in force that names the requesting
    municipality for a summary of services; otherwise refused (the refusal is recorded) and
    nothing is saved."""
    if not requests_incoming_qs(actor).filter(pk=request.pk).exists():
        raise PermissionDenied(_("Only the client's case team can answer this request."))
    municipality = request.case.organisation
    if active_consent(request.client, municipality, ANSWER_CATEGORY) is None:
        # Outside the answer's transaction, so that the refusal stays in the trail.
        record(actor, Action.DENIED, object_type="information_request_answer", object_ref=request.reference,
               purpose=Purpose.COOPERATION, detail={"reason": "no_consent"})
        raise ValidationError(_(
            "The person has not agreed (or no longer agrees) to share a summary of services with "
            "%(org)s, so the request cannot be answered. Nothing was sent.") % {"org": municipality})
    return _answer(actor, request, data)


@transaction.atomic
def _answer(actor: Actor, request: InformationRequest, data: dict[str, Any]) -> InformationRequest:
    request = InformationRequest.objects.select_for_update().select_related("case__organisation", "client").get(
        pk=request.pk)
    if request.is_answered:
        raise ValidationError(_("This request was already answered on %(date)s.")
                              % {"date": request.answered_on.strftime("%d.%m.%Y")})
    # Asked again inside the transaction: a withdrawal a moment ago counts.
    consent = active_consent(request.client, request.case.organisation, ANSWER_CATEGORY)
    if consent is None:
        raise ValidationError(_(
            "The person has not agreed (or no longer agrees) to share a summary of services with "
            "%(org)s, so the request cannot be answered. Nothing was sent.") % {"org": request.case.organisation})
    answered_on = data.get("answered_on") or timezone.localdate()
    _not_future("answered_on", answered_on)
    if answered_on < request.sent_on:
        raise ValidationError({"answered_on": _("The answer cannot be dated before the request (%(date)s).")
                               % {"date": request.sent_on.strftime("%d.%m.%Y")}})
    answer = (data.get("answer") or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the case information: the services given and the progress.")})
    request.answered_on, request.answer = answered_on, answer
    request.recommendations = (data.get("recommendations") or "").strip()
    request.answered_by, request.answered_at, request.consent = actor.user, timezone.now(), consent
    request.save()
    record(actor, Action.UPDATE, object_type="information_request", object_ref=request.reference,
           purpose=Purpose.COOPERATION, detail={"answered": True, "consent": consent.pk,
                                                 "client": request.client.case_number})
    return request


def client_for_case_number(actor: Actor, case_number: str) -> Client:
    """An existing client of the municipality, through people.access (case team; 404 otherwise)."""
    return people_access.get_client(actor, case_number)


# --- case teams ------------------------------------------------------------------------------


def _require_team_manager(actor: Actor, case: MunicipalCase) -> None:
    """An assigner of the case's municipality, or a worker already on the team."""
    if may_assign_teams(actor) and case.organisation_id == actor.organisation.pk:
        return
    if is_municipal_worker(actor) and cases_visible_to(actor).filter(pk=case.pk).exists():
        return
    raise PermissionDenied(_("Only the case team or the service's administrator can change the case team."))


@transaction.atomic
def add_to_case_team(actor: Actor, case: MunicipalCase, user_id: int) -> CaseTeamMember:
    """Put a municipal social worker of the same service on the case's team."""
    _require_team_manager(actor, case)
    worker = Membership.objects.filter(user_id=user_id, organisation_id=case.organisation_id, is_active=True,
                                       role=Role.MUNICIPAL_SOCIAL_WORKER, user__is_active=True).first()
    if worker is None:
        raise ValidationError({"user": _("Only a municipal social worker of this service can join the case team.")})
    member, created = CaseTeamMember.objects.get_or_create(
        client=case.client, user_id=user_id, defaults={"role": Role.MUNICIPAL_SOCIAL_WORKER})
    if created:
        record(actor, Action.CREATE, object_type="municipal_case_team", object_ref=case.reference, purpose=P,
               detail={"user_id": user_id})
    return member


@transaction.atomic
def remove_from_case_team(actor: Actor, case: MunicipalCase, user_id: int) -> None:
    _require_team_manager(actor, case)
    team = CaseTeamMember.objects.select_for_update().filter(client=case.client)
    if not team.filter(user_id=user_id).exists():
        raise ValidationError({"user": _("This person is not on the case team.")})
    if team.count() <= 1:
        raise ValidationError({"user": _("A case needs at least one person on its team.")})
    team.filter(user_id=user_id).delete()
    record(actor, Action.DELETE, object_type="municipal_case_team", object_ref=case.reference, purpose=P,
           detail={"user_id": user_id})


def team_candidates(case: MunicipalCase) -> list:
    """The service's active municipal social workers not yet on the team (for the choice list)."""
    on_team = CaseTeamMember.objects.filter(client=case.client).values("user_id")
    return [m.user for m in Membership.objects.filter(
        organisation_id=case.organisation_id, is_active=True, role=Role.MUNICIPAL_SOCIAL_WORKER,
        user__is_active=True).exclude(user_id__in=on_team).select_related("user").order_by(
        "user__last_name", "user__first_name", "user_id")]


# --- consent given at the municipal office -------------------------------------------------


def _same_person(ours: Client, theirs: Client) -> bool:
    """Does the provider's client hold the same person as the municipality's? By personal code
    when both have one; otherwise by surname and date of birth."""
    def digits(code: str) -> str:
        return "".join(ch for ch in code or "" if ch.isdigit())

    if ours.personal_code and theirs.personal_code:
        return digits(ours.personal_code) == digits(theirs.personal_code)
    return bool(ours.birth_date and theirs.birth_date and ours.birth_date == theirs.birth_date
                and normalise(ours.surname) == normalise(theirs.surname))


def record_office_consent(actor: Actor, case: MunicipalCase, data: dict[str, Any], signed_form) -> OfficeConsent:
    """The person signed, at the municipal office, a consent for a named provider to share the
    chosen categories with this municipality. Recorded on the provider's client (found by the
    provider's case number the person gave, and checked to be the same person), with the signed
    form uploaded and stored encrypted. The provider's case team sees it and may rely on it.

    The same answer for an unknown case number and for another person's, so that the form tells
    nothing about who is a provider's client."""
    _require_own_case(actor, case)
    provider = _provider(data.get("provider"))
    case_number = (data.get("provider_case_number") or "").strip().upper()
    client = Client.objects.filter(case_number=case_number, organisation=provider).first() if case_number else None
    if client is None or not _same_person(case.client, client):
        if case_number:
            record(actor, Action.DENIED, object_type="office_consent", object_ref=case.reference, purpose=P,
                   detail={"reason": "no_matching_client", "provider": provider.pk})
        raise ValidationError({"provider_case_number": _(
            "%(org)s has no client with this case number for the person of this case. Check the case number "
            "the person gave, and that the person's personal code (or surname and date of birth) is recorded "
            "in your case.") % {"org": provider}})
    return _record_office_consent(actor, case, client, provider, data, signed_form)


@transaction.atomic
def _record_office_consent(actor: Actor, case: MunicipalCase, client: Client, provider: Organisation,
                           data: dict[str, Any], signed_form) -> OfficeConsent:
    # The refusal above is recorded outside this transaction, so that it stays in the trail.
    consent = people_services.record_consent_at_recipient(actor, client, {
        "recipient": actor.organisation, "categories": data.get("categories"), "purpose": data.get("purpose"),
        "valid_from": data.get("valid_from"), "valid_until": data.get("valid_until")}, signed_form)
    row = OfficeConsent.objects.create(case=case, consent=consent, recorded_by=actor.user)
    record(actor, Action.CREATE, object_type="office_consent", object_ref=case.reference, purpose=P,
           detail={"consent": consent.pk, "provider": provider.pk, "client": client.case_number,
                   "categories": consent.categories})
    return row


@transaction.atomic
def withdraw_office_consent(actor: Actor, case: MunicipalCase, row: OfficeConsent) -> Consent:
    """The person withdraws, at the office, a consent recorded there; it stops counting at once."""
    _require_own_case(actor, case)
    if row.case_id != case.pk:
        raise PermissionDenied(_("Only the case team can do this."))
    return people_services.withdraw_consent_at_recipient(actor, row.consent)
