"""The only way to change identification data: each function takes the acting user, runs in one
transaction and writes its audit event inside it."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, Q, Value, When
from django.db.models import Case as CaseWhen
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership, Role
from atbalsts.accounts.steps import Step, require_step
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib import documents
from atbalsts.lib.notify import Tell, tell
from atbalsts.people.models import Client, FamilyMember
from atbalsts.policy import criteria, eligibility
from atbalsts.policy.dates import ruleset_for_display
from atbalsts.policy.notifications import Notice
from atbalsts.policy.rules import ROLE_NAMES, is_minor, ruleset_on
from atbalsts.policy.steps import INVITED_SPECIALIST_KINDS, INVITED_SPECIALIST_ROLES, core_seat_kind
from atbalsts.policy.validators import check_rules_date, rules_date_message

from . import catalogue, stats, wording
from .access import is_on_case_team
from .models import (
    ACCOUNT_MAX,
    Answer,
    Case,
    CaseChild,
    CaseDocument,
    CaseStatus,
    Commission,
    CommissionMember,
    CommissionStatus,
    Conclusion,
    CriterionFinding,
    DocumentKind,
    EligibilityNote,
    Ground,
    IndicatorAnswer,
    Interview,
    InterviewDraft,
    LegalRepresentative,
    MovementEvent,
    PermitStatus,
    ProceedingsStanding,
    RecognitionGround,
    RepresentativeBasis,
    TravelSupport,
)

P = Purpose.IDENTIFICATION

# Who may do each step is the policy's table (policy/steps.py), asked through require_step.
# A reason for convening without an indicator found is a few sentences, not a file.
REASON_MAX_CHARS = 2000


def _require_team(actor: Actor, case: Case) -> None:
    if not is_on_case_team(actor, case):
        raise PermissionDenied(_("Only the case team can do this."))


def _check_codes(name: str, values, entries) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = set(values) - catalogue.codes(entries)
    if unknown:
        raise ValidationError({name: _("Unknown codes: %(codes)s") % {"codes": ", ".join(sorted(unknown))}})
    return values


@transaction.atomic
def open_case(actor: Actor, client: Client) -> Case:
    """Open an identification case for a client the actor has opened (see people.access)."""
    if not actor.may_open_personal_data or actor.organisation is None:
        raise PermissionDenied(_("Your role does not allow working with clients' personal data."))
    require_step(actor, Step.OPEN_CASE)
    if client.organisation_id != actor.organisation.pk or not client.team.filter(user=actor.user).exists():
        raise PermissionDenied(_("Only the case team can do this."))
    case = Case.objects.create(client=client, organisation=actor.organisation, opened_by=actor.user)
    stats.sync(case)
    record(actor, Action.CREATE, object_type="identification_case", object_ref=case.reference, purpose=P)
    return case


DRAFT_VALUE_MAX = ACCOUNT_MAX
DRAFT_KEYS_MAX = 500


@transaction.atomic
def save_interview_draft(actor: Actor, case: Case, data: dict[str, str | list[str]]) -> InterviewDraft:
    """Keep what has been typed into the interview form so far, without its checks: ``data`` is
    the form's raw input (a field name to a string or a list of strings). Encrypted; one draft per
    case, saved again over the last one."""
    _require_team(actor, case)
    require_step(actor, Step.RECORD_SCREENING)
    if len(data) > DRAFT_KEYS_MAX:
        raise ValidationError(_("The draft has too many fields."))
    clean: dict[str, str | list[str]] = {}
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        if len(values) > DRAFT_KEYS_MAX or any(not isinstance(v, str) or len(v) > DRAFT_VALUE_MAX for v in values):
            raise ValidationError(_("A field of the draft is too long."))
        clean[str(key)[:100]] = value
    draft, created = InterviewDraft.objects.update_or_create(
        case=case, defaults={"data": clean, "saved_by": actor.user})
    record(actor, Action.CREATE if created else Action.UPDATE, object_type="interview_draft",
           object_ref=str(draft), purpose=P)
    return draft


def get_interview_draft(actor: Actor, case: Case) -> InterviewDraft | None:
    """The case's interview draft, for the case team that may record interviews; each read audited."""
    _require_team(actor, case)
    draft = InterviewDraft.objects.filter(case=case).first()
    if draft is not None:
        record(actor, Action.READ, object_type="interview_draft", object_ref=str(draft), purpose=P)
    return draft


def has_interview_draft(case: Case) -> bool:
    return InterviewDraft.objects.filter(case=case).exists()


@transaction.atomic
def record_interview(actor: Actor, case: Case, data: dict[str, Any]) -> Interview:
    """Record an interview with its indicators, movements and the rest, all or nothing.

    ``data["indicators"]`` maps an indicator code to ``(answer, note)``; ``data["movements"]`` is
    a list of dicts with ``kind``, ``country``, ``city``, ``date``; ``data["health"]`` a list of
    health codes (stored encrypted).
    """
    _require_team(actor, case)
    require_step(actor, Step.RECORD_SCREENING)
    indicators = data.get("indicators") or {}
    unknown = set(indicators) - catalogue.codes(catalogue.INDICATORS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError({"indicators": _("Unknown indicators: %(codes)s") % {"codes": names}})
    for code, (answer, _note) in indicators.items():
        if answer not in Answer.values:
            raise ValidationError({"indicators": _("Unknown answer for %(code)s.") % {"code": code}})
    method = data.get("recruitment_method") or ""
    if method and method not in catalogue.codes(catalogue.RECRUITMENT_METHODS):
        raise ValidationError({"recruitment_method": _("Unknown recruitment method.")})
    interview = Interview(
        case=case,
        date=data.get("date"),
        mode=data.get("mode") or "",
        interpreter=bool(data.get("interpreter")),
        interpreter_language=(data.get("interpreter_language") or "").strip(),
        recorded_by=actor.user,
        risk_groups=_check_codes("risk_groups", data.get("risk_groups"), catalogue.RISK_GROUPS),
        needs=_check_codes("needs", data.get("needs"), catalogue.NEEDS),
        exploitation_forms=_check_codes(
            "exploitation_forms", data.get("exploitation_forms"), catalogue.EXPLOITATION_FORMS
        ),
        countries=[c.strip() for c in data.get("countries") or [] if c and c.strip()],
        recruitment_method=method,
        recruitment_website=(data.get("recruitment_website") or "").strip(),
        recruitment_country=(data.get("recruitment_country") or "").strip(),
        account=(data.get("account") or "").strip(),
    )
    if len(interview.account) > ACCOUNT_MAX:
        raise ValidationError({"account": _("Keep the account under %(n)s characters.") % {"n": ACCOUNT_MAX}})
    interview.set_health(_check_codes("health", data.get("health"), catalogue.HEALTH_ISSUES))
    if interview.interpreter and not interview.interpreter_language:
        raise ValidationError({"interpreter_language": _("Say which language the interpreter used.")})
    if interview.date and interview.date > timezone.localdate():
        raise ValidationError({"date": _("The interview date cannot be in the future.")})
    interview.full_clean()
    interview.save()
    IndicatorAnswer.objects.bulk_create(
        [IndicatorAnswer(interview=interview, code=c, answer=a, note=n or "") for c, (a, n) in indicators.items()]
    )
    for m in data.get("movements") or []:
        event = MovementEvent(interview=interview, kind=m.get("kind"), country=(m.get("country") or "").strip(),
                              city=(m.get("city") or "").strip(), date=m.get("date"))
        event.full_clean(exclude=["interview"])
        event.save()
    if case.status == CaseStatus.OPEN:
        case.status = CaseStatus.INTERVIEWED
        case.save(update_fields=["status"])
    stats.sync(case)
    InterviewDraft.objects.filter(case=case).delete()
    found = sorted(c for c, (a, _n) in indicators.items() if a == Answer.FOUND)
    record(
        actor, Action.CREATE, object_type="interview", object_ref=str(interview), purpose=P,
        detail={"indicators_found": len(found), "mode": interview.mode},
    )
    return interview


@transaction.atomic
def record_ground(actor: Actor, case: Case, data: dict[str, Any]) -> RecognitionGround:
    _require_team(actor, case)
    require_step(actor, Step.RECORD_GROUND)
    if data.get("ground") == Ground.COMMISSION:
        raise ValidationError({"ground": _("Ground 3 is recorded by concluding the specialist commission.")})
    ground = RecognitionGround(
        case=case,
        ground=data.get("ground") or "",
        document_number=(data.get("document_number") or "").strip(),
        document_date=data.get("document_date"),
        issuing_body=(data.get("issuing_body") or "").strip(),
        standing=data.get("standing") or "",
        recorded_by=actor.user,
    )
    if not (ground.document_number and ground.document_date and ground.issuing_body):
        raise ValidationError(_("Give the document's number, date and issuing body."))
    if ground.standing and ground.standing not in ProceedingsStanding.values:
        raise ValidationError({"standing": _("Choose the person's standing in the criminal proceedings.")})
    if ground.ground == Ground.PROCEEDINGS and not ground.standing:
        raise ValidationError({"standing": _(
            "Say whether the document recognises the person as a victim or gives them witness status.")})
    ground.full_clean()
    ground.save()
    if data.get("document"):
        add_ground_document(actor, ground, data["document"])
    if case.status in (CaseStatus.OPEN, CaseStatus.INTERVIEWED, CaseStatus.COMMISSION):
        case.status = CaseStatus.RECOGNISED
        case.save(update_fields=["status"])
    stats.sync(case)
    record(actor, Action.CREATE, object_type="recognition_ground", object_ref=case.reference, purpose=P,
           detail={"ground": ground.ground, "standing": ground.standing})
    return ground


@transaction.atomic
def add_ground_document(actor: Actor, ground: RecognitionGround, upload) -> CaseDocument:
    """Attach the ground's document: a PDF, PNG or JPEG by its content, within the size limit, encrypted."""
    _require_team(actor, ground.case)
    require_step(actor, Step.RECORD_GROUND)
    if ground.ground == Ground.COMMISSION:
        raise ValidationError({"document": _("The commission's protocol is the document of ground 3.")})
    data, content_type = documents.read_upload(upload)
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    name = name or f"document.{documents.EXTENSIONS[content_type]}"
    doc = CaseDocument.objects.create(
        case=ground.case, kind=DocumentKind.GROUND, ground=ground, content=data, file_name=name,
        content_type=content_type, size=len(data), sha256=documents.sha256(data), created_by=actor.user,
    )
    record(actor, Action.CREATE, object_type="case_document", object_ref=str(doc), purpose=P,
           detail={"ground": ground.ground, "content_type": content_type, "size": len(data)})
    return doc


def reading_of(commission: Commission) -> criteria.CriteriaReading:
    """The criteria reading a commission concluded under, or the one for its meeting date."""
    for r in criteria.READINGS:
        if r.code == commission.criteria_reading:
            return r
    return criteria.reading_on(commission.meeting_date)


def _found_items(member: CommissionMember) -> list[str]:
    return [f.code for f in member.findings.all() if f.found]


def minor_basis_text(minor: criteria.MinorAtExploitation, began_on: datetime.date | None,
                     language: str | None = None) -> str:
    """How "minor" for the means was judged, in plain words (Latvian or English)."""
    from django.utils.translation import get_language

    lv = (language or get_language() or "lv").startswith("lv")
    age = minor.age
    if minor.basis == "age_then":
        text = (f"Ekspluatācijas sākumā personai bija {age} gadi (norādīts lietā)." if lv
                else f"When the exploitation began the person was {age} (recorded on the case).")
    elif minor.basis == "began_on":
        d = began_on.strftime("%d.%m.%Y") if began_on else ""
        text = (f"Ekspluatācija sākās {d}; personai tad bija {age} gadi." if lv
                else f"The exploitation began on {d}; the person was {age} then.")
    elif minor.basis == "meeting_date":
        text = ("Ekspluatācijas sākums nav norādīts; persona ir nepilngadīga komisijas sēdes dienā, tātad bija "
                "nepilngadīga arī tad, kad ekspluatācija sākās." if lv
                else "When the exploitation began is not recorded; the person is a minor on the meeting date, so "
                "was a minor when it began.")
    else:
        text = ("Nav norādīts, kad ekspluatācija sākās, vai cik gadu personai tad bija; persona vērtēta kā "
                "pilngadīga." if lv
                else "When the exploitation began, or the person's age then, is not recorded; the person is "
                "assessed as an adult.")
    if minor.minor:
        text += (" Persona bija nepilngadīga, kad ekspluatācija sākās: līdzeklis nav jākonstatē." if lv
                 else " The person was a minor when the exploitation began: the means need not be found.")
    elif minor.basis != "unknown":
        text += (" Persona bija pilngadīga: jākonstatē arī līdzeklis." if lv
                 else " The person was an adult: the means must be found too.")
    return text


def criteria_view(commission: Commission, members: list[CommissionMember], language: str) -> dict[str, Any]:
    """Each member's findings item by item and read against the legal definition, never pooled."""
    reading = reading_of(commission)
    if commission.is_concluded:
        age = int(commission.age_when_exploitation_began) if commission.age_when_exploitation_began else None
        minor = criteria.MinorAtExploitation(commission.minor_for_means, commission.minor_basis or "unknown", age)
    else:
        minor = minor_for_means(commission)
    lv = language.startswith("lv")
    found_by_member = [set(_found_items(m)) for m in members]
    notes_by_member = [{f.code: f.note for f in m.findings.all() if f.note} for m in members]
    sex = commission.case.client.sex
    groups = []
    for g in catalogue.CRITERIA_GROUPS:
        rows = []
        for code, label_lv, label_en in g.items:
            rows.append({
                "label": wording.criterion_label_lv(code, label_lv, sex) if lv else label_en,
                "elements": criteria.element_list(reading.elements_of(code), language),
                "cells": [{"found": code in found, "note": notes.get(code, "")}
                          for found, notes in zip(found_by_member, notes_by_member, strict=True)],
            })
        groups.append({"label": catalogue.group_label(g, language), "rows": rows})
    member_readings = []
    for m, found in zip(members, found_by_member, strict=True):
        r = criteria.read_member(found, minor.minor, reading)
        member_readings.append({
            "member": m, "assessed": m.assessed_at is not None, "meets": r.meets,
            "found": criteria.element_list(r.found, language) or "—",
            "missing": criteria.element_list(r.missing, language),
        })
    required = criteria.element_list(reading.required_for(minor.minor), language, short=False)
    return {
        "reading": reading,
        "reading_title": reading.title_lv if lv else reading.title_en,
        "required": required,
        "minor": minor,
        "minor_text": minor_basis_text(minor, commission.case.exploitation_began_on, language),
        "criteria_groups": groups,
        "member_readings": member_readings,
        "members_meeting": sum(1 for r in member_readings if r["meets"]),
    }


def protocol_context(commission: Commission) -> dict[str, Any]:
    """What the evaluation protocol shows (page and PDF), in Latvian: each member's findings."""
    members = list(commission.members.select_related("user", "organisation").prefetch_related("findings"))
    case = commission.case
    grounds = [g for g in case.grounds.all() if g.standing]
    client = case.client
    words = wording.protocol_words(client.sex, f"{client.given_names} {client.surname}".strip())
    return {"commission": commission, "case": case, "client": client, "members": members, "wording": words,
            "standing_grounds": [(words.standing(g.standing), g) for g in grounds],
            **criteria_view(commission, members, "lv")}


PROTOCOL_TEMPLATE = "identification/protocol_pdf.html"
PROTOCOL_STYLESHEETS = ("identification/document.css",)


def protocol_source(commission: Commission) -> tuple[str, str]:
    """The protocol's HTML as it stands, in Latvian, and the hash of it with its stylesheets."""
    with translation.override("lv"):
        html = render_to_string(PROTOCOL_TEMPLATE, protocol_context(commission))
    digest = hashlib.sha256(html.encode())
    for path in PROTOCOL_STYLESHEETS:
        found = finders.find(path)
        digest.update(path.encode() + b"\0" + (Path(found).read_bytes() if found else b""))
    return html, digest.hexdigest()


@transaction.atomic
def current_protocol(actor: Actor, commission: Commission) -> CaseDocument | None:
    """The evaluation protocol PDF/A of a concluded commission as it stands now (None before).

    Rendered only when asked for, and once per state: the newest stored PDF is reused while the
    hash of what it shows (members, findings, acknowledgements, conclusion, the person) is the
    same; any change renders and keeps a new version, so a served PDF is never stale. The caller
    has checked access. A new version is recorded in the audit trail with its hashes."""
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    if not commission.is_concluded:
        return None
    _html, source = protocol_source(commission)
    newest = commission.protocols.filter(kind=DocumentKind.PROTOCOL).first()
    if newest is not None and newest.source_sha256 == source:
        return newest
    return _store_protocol(actor, commission, source)


def _store_protocol(actor: Actor, commission: Commission, source: str) -> CaseDocument:
    """Render the protocol as it stands to PDF/A and keep it; the newest one is current."""
    data = documents.render_pdf(PROTOCOL_TEMPLATE, protocol_context(commission), stylesheets=PROTOCOL_STYLESHEETS)
    doc = CaseDocument.objects.create(
        case=commission.case, kind=DocumentKind.PROTOCOL, commission=commission, content=data,
        file_name=f"protokols-{commission}.pdf".replace("/", "-"), content_type=documents.PDF,
        size=len(data), sha256=documents.sha256(data), source_sha256=source, created_by=actor.user,
    )
    record(actor, Action.CREATE, object_type="case_document_protocol", object_ref=str(doc), purpose=P,
           detail={"commission": str(commission), "sha256": doc.sha256, "source_sha256": source})
    return doc


def seat_roles(actor: Actor) -> list[str]:
    """The required seats the actor could take themselves: their roles whose seat is for their
    organisation's kind (a provider's social worker, psychologist, lawyer, medical practitioner)."""
    kind = actor.organisation.kind if actor.organisation is not None else None
    return sorted(r for r in actor.roles if kind is not None and core_seat_kind(r) == kind)


def has_indicator_interview(case: Case) -> bool:
    # The answers are encrypted: read them here, not in SQL (ADR 0017).
    return any(a.answer == Answer.FOUND for a in IndicatorAnswer.objects.filter(interview__case=case))


@transaction.atomic
def convene_commission(actor: Actor, case: Case, meeting_date: datetime.date, seat: str | None = None,
                       no_indicator_reason: str = "") -> Commission:
    """Convene the commission. The convener sits in the seat they choose among their own roles; the
    case needs an interview that found an indicator, or the reason why the commission meets
    without one."""
    _require_team(actor, case)
    require_step(actor, Step.CONVENE_COMMISSION)
    check_rules_date("meeting_date", meeting_date)
    if case.commissions.filter(status=CommissionStatus.CONVENED).exists():
        raise ValidationError(_("A commission for this case is already convened."))
    choices = seat_roles(actor)
    if not seat and len(choices) == 1:
        seat = choices[0]
    if not seat:
        raise ValidationError({"seat": _("Choose the seat you take on the commission.")})
    if seat not in choices:
        raise ValidationError({"seat": _("You can sit on the commission only in one of your own roles.")})
    reason = (no_indicator_reason or "").strip()
    if has_indicator_interview(case):
        reason = ""
    elif not reason:
        raise ValidationError({"no_indicator_reason": _(
            "No interview of this case found an indicator: record the interview first, or say why the "
            "commission is convened without one.")})
    elif len(reason) > REASON_MAX_CHARS:
        raise ValidationError({"no_indicator_reason": _("Keep the reason under %(n)s characters.")
                               % {"n": REASON_MAX_CHARS}})
    commission = Commission.objects.create(case=case, meeting_date=meeting_date, convened_by=actor.user,
                                           no_indicator_reason=reason)
    CommissionMember.objects.create(commission=commission, user=actor.user, organisation=actor.organisation,
                                    role=seat)
    case.status = CaseStatus.COMMISSION
    case.save(update_fields=["status"])
    record(actor, Action.CREATE, object_type="commission", object_ref=str(commission), purpose=P,
           detail={"meeting_date": meeting_date.isoformat(), "seat": seat, "without_indicator": bool(reason)})
    return commission


def _core_seat_filter(commission: Commission) -> Q:
    """A required seat: the case organisation's own specialists, and State Police officials."""
    q = Q(pk__in=[])
    for role in Role.values:
        kind = core_seat_kind(role)
        if kind == commission.case.organisation.kind:
            q |= Q(organisation=commission.case.organisation, role=role)
        elif kind is not None:
            q |= Q(organisation__kind=kind, role=role)
    return q
@transaction.atomic
def reschedule_commission(actor: Actor, commission: Commission, meeting_date: datetime.date) -> Commission:
    """Move the meeting of a commission that has not concluded (also to correct a wrong date)."""
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    _require_team(actor, commission.case)
    if commission.is_concluded:
        raise ValidationError(_("The commission has concluded; its meeting date cannot change."))
    if not isinstance(meeting_date, datetime.date):
        raise ValidationError({"meeting_date": _("Give the meeting date as dd.mm.yyyy.")})
    check_rules_date("meeting_date", meeting_date)
    old = commission.meeting_date
    commission.meeting_date = meeting_date
    commission.save(update_fields=["meeting_date"])
    record(actor, Action.UPDATE, object_type="commission", object_ref=str(commission), purpose=P,
           detail={"meeting_date": meeting_date.isoformat(), "was": old.isoformat()})
    return commission


def member_candidates(commission: Commission):
    """Memberships that can take a seat, not already seated: the required seats first (the case
    organisation's specialists, State Police officials), then specialists of any other
    organisation the commission may invite (``is_core`` tells them apart)."""
    seated = commission.members.values("user_id")
    core = _core_seat_filter(commission)
    invited = Q(organisation__kind__in=INVITED_SPECIALIST_KINDS, role__in=INVITED_SPECIALIST_ROLES)
    return (
        Membership.objects.filter(is_active=True, organisation__is_active=True)
        .filter(core | invited)
        .exclude(user_id__in=seated)
        .annotate(is_core=CaseWhen(When(core, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .select_related("user", "organisation")
        .order_by("-is_core", "role", "user__last_name", "user__username", "pk")
    )


@transaction.atomic
def add_commission_member(actor: Actor, commission: Commission, membership_id: int) -> CommissionMember:
    _require_team(actor, commission.case)
    require_step(actor, Step.CONVENE_COMMISSION)
    if commission.is_concluded:
        raise ValidationError(_("The commission has concluded; its members cannot change."))
    membership = member_candidates(commission).filter(pk=membership_id).first()
    if membership is None:
        raise ValidationError(_("This person cannot sit on this commission."))
    member = CommissionMember.objects.create(
        commission=commission, user=membership.user, organisation=membership.organisation, role=membership.role,
        invited=not membership.is_core,
    )
    record(actor, Action.CREATE, object_type="commission_member", object_ref=str(commission), purpose=P,
           detail={"user_id": membership.user_id, "role": membership.role, "invited": member.invited})
    # The member learns of the seat on their own task list, with the link to the commission.
    tell(Tell(notice=Notice.COMMISSION_INVITATION, organisation_id=membership.organisation_id,
              person_id=membership.user_id, due=max(commission.meeting_date, timezone.localdate()),
              url=reverse("identification:commission", args=[commission.pk]), reference=str(commission),
              about=("commission", commission.pk)))
    return member


@transaction.atomic
def record_assessment(
    actor: Actor, commission: Commission, findings: dict[str, tuple[bool, str]], opinion: str
) -> CommissionMember:
    """A member's view: for every criteria item found / not found and a note, and an opinion."""
    member = commission.members.filter(user=actor.user).first()
    if member is None:
        raise PermissionDenied(_("Only a member of the commission can record an assessment."))
    if commission.is_concluded:
        raise ValidationError(_("The commission has concluded; assessments cannot change."))
    unknown = set(findings) - set(catalogue.CRITERIA_ITEMS)
    if unknown:
        raise ValidationError(_("Unknown criteria: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    if not (opinion or "").strip():
        raise ValidationError({"opinion": _("Write your opinion.")})
    member.findings.all().delete()
    CriterionFinding.objects.bulk_create(
        [CriterionFinding(member=member, code=c, found=bool(f), note=n or "") for c, (f, n) in findings.items()]
    )
    member.opinion = opinion.strip()
    member.assessed_at = timezone.now()
    member.save(update_fields=["opinion", "assessed_at"])
    record(actor, Action.UPDATE, object_type="commission_assessment", object_ref=str(commission), purpose=P,
           detail={"found": sum(1 for f, _n in findings.values() if f)})
    return member


def minor_for_means(commission: Commission) -> criteria.MinorAtExploitation:
    """Was the person a minor when the exploitation began (the means then need not be shown)?"""
    case = commission.case
    rs = ruleset_for_display(commission.meeting_date)
    return criteria.minor_at_exploitation(case.client.birth_date, case.exploitation_began_on, case.exploitation_age,
                                          commission.meeting_date, rs.minor_age)


def client_is_minor(commission: Commission) -> bool:
    return minor_for_means(commission).minor


def meeting_date_problem(commission: Commission) -> str:
    """A message if the stored meeting date is one the rules cannot judge (stored before the guard)."""
    return rules_date_message(commission.meeting_date) or ""


def client_is_minor_on(case: Case, on: datetime.date | None = None) -> bool:
    """Is the case's client a minor on a date (today unless given)?"""
    on = on or timezone.localdate()
    birth = case.client.birth_date
    return bool(birth) and is_minor(birth, on, ruleset_on(on))


def missing_roles(commission: Commission) -> list[str]:
    required = ruleset_for_display(commission.meeting_date).commission_required_roles
    present = set(commission.members.filter(invited=False).values_list("role", flat=True))
    return [r for r in required if r not in present]


def _bilingual(lv: str, en: str) -> str:
    from django.utils.translation import get_language

    return lv if (get_language() or "lv").startswith("lv") else en


@transaction.atomic
def conclude_commission(actor: Actor, commission: Commission, conclusion: str, reasoning: str, *,
                        today: datetime.date | None = None) -> Commission:
    """Conclude: refused, with a message naming what is missing, unless the rules are met.

    ``today`` is the day of the conclusion (Riga time by default); the demo passes its own."""
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    _require_team(actor, commission.case)
    require_step(actor, Step.CONVENE_COMMISSION)
    if commission.is_concluded:
        raise ValidationError(_("The commission has already concluded."))
    date_problem = meeting_date_problem(commission)
    if date_problem:
        raise ValidationError(date_problem)
    today = today or timezone.localdate()
    if today < commission.meeting_date:
        d = commission.meeting_date.strftime("%d.%m.%Y")
        raise ValidationError(_bilingual(
            f"Komisija nevar pieņemt atzinumu pirms sēdes datuma ({d}). Ja sēde notika agrāk, labojiet sēdes datumu.",
            f"The commission cannot conclude before its meeting date ({d}). If it met earlier, correct the "
            f"meeting date.",
        ))
    missing = missing_roles(commission)
    if missing:
        lv = ", ".join(ROLE_NAMES.get(r, (r, r))[0] for r in missing)
        en = " and a ".join(ROLE_NAMES.get(r, (r, r))[1] for r in missing)
        raise ValidationError(_bilingual(
            f"Komisija nevar pieņemt atzinumu bez šādiem locekļiem: {lv}.",
            f"The commission cannot conclude without a {en}.",
        ))
    # An invited specialist may give a view, shown in the protocol; the required members must, and
    # only their findings count towards the majority (ADR 0011, ADR 0012).
    members = [m for m in commission.members.select_related("user").prefetch_related("findings")
               if not m.invited]
    not_assessed = [m for m in members if m.assessed_at is None]
    if not_assessed:
        names = ", ".join(m.user.get_full_name() or m.user.username for m in not_assessed)
        raise ValidationError(_("Every member must record an assessment first. Still missing: %(names)s.")
                              % {"names": names})
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("Choose the conclusion.")})
    if not (reasoning or "").strip():
        raise ValidationError({"reasoning": _("Give the reasoning.")})
    minor = minor_for_means(commission)
    reading = criteria.reading_on(commission.meeting_date)
    if conclusion == Conclusion.RECOGNISED:
        problems = criteria.commission_problems([_found_items(m) for m in members], minor.minor, reading)
        if problems:
            raise ValidationError([_bilingual(lv, en) for lv, en in problems])
    birth = commission.case.client.birth_date
    rs = ruleset_on(commission.meeting_date)
    commission.status = CommissionStatus.CONCLUDED
    commission.conclusion = conclusion
    commission.reasoning = reasoning.strip()
    commission.concluded_at = timezone.now()
    commission.minor_at_meeting = bool(birth) and is_minor(birth, commission.meeting_date, rs)
    commission.minor_for_means = minor.minor
    commission.minor_basis = minor.basis
    commission.age_when_exploitation_began = "" if minor.age is None else str(minor.age)
    commission.criteria_reading = reading.code
    commission.ruleset_code = rs.code
    commission.save()
    case = commission.case
    case.status = CaseStatus.RECOGNISED if conclusion == Conclusion.RECOGNISED else CaseStatus.NOT_RECOGNISED
    case.save(update_fields=["status"])
    if conclusion == Conclusion.RECOGNISED:
        RecognitionGround.objects.create(
            case=case, ground=Ground.COMMISSION, commission=commission, document_number=str(commission),
            document_date=commission.meeting_date, issuing_body=str(case.organisation), recorded_by=actor.user,
        )
    stats.sync(case)
    record(actor, Action.UPDATE, object_type="commission_conclusion", object_ref=str(commission), purpose=P,
           detail={"conclusion": conclusion, "minor_for_means": minor.minor, "minor_basis": minor.basis,
                   "criteria_reading": reading.code})
    # The protocol PDF is rendered when someone asks for it (current_protocol), not here.
    return commission


@transaction.atomic
def acknowledge(actor: Actor, commission: Commission) -> CommissionMember:
    """A member's electronic acknowledgement of the concluded protocol, dated."""
    commission = Commission.objects.get(pk=commission.pk)
    member = commission.members.filter(user=actor.user).first()
    if member is None:
        raise PermissionDenied(_("Only a member of the commission can acknowledge the protocol."))
    if not commission.is_concluded:
        raise ValidationError(_("The protocol can be acknowledged once the commission has concluded."))
    if member.acknowledged_at is None:
        member.acknowledged_at = timezone.now()
        member.save(update_fields=["acknowledged_at"])
        record(actor, Action.UPDATE, object_type="commission_acknowledgement", object_ref=str(commission),
               purpose=P)
    return member


# --- Minors, family and people abroad ---------------------------------------------------------


# The oldest age anyone is recorded at; a higher number is a typing error.
MAX_AGE = 120


@transaction.atomic
def record_exploitation_start(actor: Actor, case: Case, data: dict[str, Any], *,
                              today: datetime.date | None = None) -> Case:
    """Record when the exploitation began, or the person's age then (either one; both empty clears it).

    "Minor" for the means criterion is judged then (ADR 0012). A date must not be in the future or
    before the person's birth; an age must fit the person's age today.
    """
    _require_team(actor, case)
    began_on, age = data.get("began_on"), data.get("age")
    if began_on is not None and not isinstance(began_on, datetime.date):
        raise ValidationError({"began_on": _("Give the date as dd.mm.yyyy.")})
    if age in ("", None):
        age = None
    else:
        try:
            age = int(age)
        except (TypeError, ValueError):
            raise ValidationError({"age": _("Give the age in full years.")}) from None
    if began_on is not None and age is not None:
        raise ValidationError({"age": _("Give either the date the exploitation began or the age then, not both.")})
    today = today or timezone.localdate()
    birth = case.client.birth_date
    if began_on is not None:
        if began_on > today:
            raise ValidationError({"began_on": _("The exploitation cannot begin in the future.")})
        if birth and began_on < birth:
            raise ValidationError({"began_on": _("The exploitation cannot begin before the person was born (%(date)s).")
                                   % {"date": birth.strftime("%d.%m.%Y")}})
        if began_on.year < today.year - MAX_AGE:
            raise ValidationError({"began_on": _("Check the year: it is more than %(n)s years ago.") % {"n": MAX_AGE}})
    if age is not None:
        limit = MAX_AGE
        if birth:
            limit = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        if age < 0 or age > limit:
            raise ValidationError({"age": _("Give an age from 0 to %(n)s: the person's age today.") % {"n": limit}})
    # A concluded commission keeps the facts it decided on (stored on the commission).
    case.exploitation_began_on = began_on
    case.exploitation_began_age = "" if age is None else str(age)
    case.save(update_fields=["exploitation_began_on", "exploitation_began_age"])
    record(actor, Action.UPDATE, object_type="exploitation_start", object_ref=case.reference, purpose=P,
           detail={"date_given": began_on is not None, "age_given": age is not None})
    return case


@transaction.atomic
def record_legal_representative(actor: Actor, case: Case, data: dict[str, Any]) -> LegalRepresentative:
    """Record (or replace) the legal representative of a minor client."""
    _require_team(actor, case)
    require_step(actor, Step.PHASE_ONE_SUPPORT)
    name = (data.get("name") or "").strip()
    relation = (data.get("relation") or "").strip()
    basis = data.get("basis") or ""
    errors = {}
    if not name:
        errors["name"] = _("Give the name of the legal representative.")
    if not relation:
        errors["relation"] = _("Give the legal representative's relation to the person.")
    if basis not in RepresentativeBasis.values:
        errors["basis"] = _("Choose the basis of representation.")
    if errors:
        raise ValidationError(errors)
    rep = LegalRepresentative.objects.filter(case=case).first()
    action = Action.UPDATE if rep else Action.CREATE
    rep = rep or LegalRepresentative(case=case)
    rep.name, rep.relation, rep.basis, rep.recorded_by = name, relation, basis, actor.user
    rep.save()
    record(actor, action, object_type="legal_representative", object_ref=case.reference, purpose=P,
           detail={"basis": basis})
    return rep


def accompanying_candidates(case: Case):
    """The client's family members marked as accompanying, not yet linked to the case."""
    linked = case.child_links.values("member_id")
    return FamilyMember.objects.filter(client_id=case.client_id, accompanying=True).exclude(pk__in=linked)


@transaction.atomic
def link_child(actor: Actor, case: Case, member: FamilyMember, on: datetime.date | None = None) -> CaseChild:
    """Link an accompanying minor child of the client to the case."""
    _require_team(actor, case)
    require_step(actor, Step.PHASE_ONE_SUPPORT)
    on = on or timezone.localdate()
    if member is None or member.client_id != case.client_id:
        raise ValidationError({"member": _("This person is not a family member of this client.")})
    if not member.accompanying:
        raise ValidationError({"member": _("Only a family member marked as accompanying can be linked.")})
    if member.birth_date is None or not is_minor(member.birth_date, on, ruleset_on(on)):
        raise ValidationError({"member": _("Only a child who is a minor on %(date)s can be linked.")
                               % {"date": on.strftime("%d.%m.%Y")}})
    if case.child_links.filter(member=member).exists():
        raise ValidationError({"member": _("This child is already linked to the case.")})
    link = CaseChild.objects.create(case=case, member=member, linked_by=actor.user)
    record(actor, Action.CREATE, object_type="case_child", object_ref=case.reference, purpose=P,
           detail={"member": str(member)})
    return link


@transaction.atomic
def record_travel(actor: Actor, case: Case, data: dict[str, Any]) -> TravelSupport:
    """Travel to Latvia organised for a person abroad: from where, when, at what cost, with whom."""
    _require_team(actor, case)
    require_step(actor, Step.PHASE_ONE_SUPPORT)
    errors = {}
    country = (data.get("from_country") or "").strip()
    if not country:
        errors["from_country"] = _("Give the country the person travelled from.")
    if not isinstance(data.get("travel_date"), datetime.date):
        errors["travel_date"] = _("Give the date of travel.")
    try:
        cost = Decimal(str(data.get("cost")))
    except (InvalidOperation, ValueError):
        cost = None
    if cost is None or not cost.is_finite() or cost < 0:
        errors["cost"] = _("Give the cost in euros, zero or more.")
    children = list(data.get("children") or [])
    linked = set(case.child_links.values_list("member_id", flat=True))
    if any(getattr(c, "pk", c) not in linked for c in children):
        errors["children"] = _("Only the accompanying children linked to this case can be recorded.")
    if errors:
        raise ValidationError(errors)
    travel = TravelSupport(
        case=case, from_country=country, from_city=(data.get("from_city") or "").strip(),
        travel_date=data["travel_date"], cost=cost, accompanied_by=(data.get("accompanied_by") or "").strip(),
        recorded_by=actor.user,
    )
    travel.full_clean()
    travel.save()
    travel.children.set([getattr(c, "pk", c) for c in children])
    record(actor, Action.CREATE, object_type="travel_support", object_ref=str(travel), purpose=P,
           detail={"cost": str(cost), "children": len(children)})
    return travel


@transaction.atomic
def record_eligibility(actor: Actor, case: Case, data: dict[str, Any]) -> EligibilityNote:
    """Record citizenship and, for a non-EU citizen, the reflection period, the residence permit and
    the legal basis under which the law entitles them (a code of the policy's list)."""
    _require_team(actor, case)
    require_step(actor, Step.RECORD_ELIGIBILITY)
    eu = data.get("eu_citizen")
    if eu not in (True, False):
        raise ValidationError({"eu_citizen": _("Say whether the person is a citizen of the European Union.")})
    start, end = data.get("reflection_start"), data.get("reflection_end")
    permit = data.get("permit_status") or PermitStatus.NONE
    basis_code = (data.get("legal_basis") or "").strip()
    basis_note = (data.get("legal_basis_note") or "").strip()
    if eu:
        start, end, permit, basis_code, basis_note = None, None, PermitStatus.NONE, "", ""
    basis = eligibility.legal_basis(basis_code) if basis_code else None
    if basis_code and basis is None:
        raise ValidationError({"legal_basis": _("Choose a legal basis from the list.")})
    if basis is not None and basis.needs_note and not basis_note:
        raise ValidationError({"legal_basis_note": _("Name the provision of the law that entitles the person.")})
    if len(basis_note) > REASON_MAX_CHARS:
        raise ValidationError({"legal_basis_note": _("Keep the reason under %(n)s characters.")
                               % {"n": REASON_MAX_CHARS}})
    if permit not in PermitStatus.values:
        raise ValidationError({"permit_status": _("Choose the residence permit status.")})
    if end and not start:
        raise ValidationError({"reflection_start": _("Give the start of the reflection period.")})
    if start and end and end < start:
        raise ValidationError({"reflection_end": _("The reflection period cannot end before it starts.")})
    note = EligibilityNote.objects.filter(case=case).first()
    action = Action.UPDATE if note else Action.CREATE
    note = note or EligibilityNote(case=case)
    note.eu_citizen, note.reflection_start, note.reflection_end = eu, start, end
    note.permit_status, note.recorded_by = permit, actor.user
    note.legal_basis, note.legal_basis_note = basis_code, basis_note
    note.save()
    stats.sync(case)
    result = eligibility_of(case, note=note)
    record(actor, action, object_type="eligibility_note", object_ref=case.reference, purpose=P,
           # Citizenship and residence status are encrypted in the note; the trail keeps only the outcome.
           detail={"eligible": result.eligible})
    return note


def eligibility_of(case: Case, on: datetime.date | None = None, note: EligibilityNote | None = None):
    """The policy's eligibility result for the case on a date (today unless given); None if not recorded."""
    note = note or EligibilityNote.objects.filter(case=case).first()
    if note is None:
        return None
    on = on or timezone.localdate()
    active = eligibility.reflection_period_active(note.reflection_start, note.reflection_end, on)
    return eligibility.eligible_for_rehabilitation(note.eu_citizen, active, note.permit_status,
                                                   ruleset_on(on), on, legal_basis_code=note.legal_basis)


def eligibility_message(result) -> str:
    return _bilingual(result.message_lv, result.message_en) if result else ""
