"""The only way to change identification data: each function takes the acting user, runs in one
transaction and writes its audit event inside it."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership, OrganisationKind, Role
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib import documents
from atbalsts.people.models import Client, FamilyMember
from atbalsts.policy import eligibility
from atbalsts.policy.rules import ROLE_NAMES, is_minor, ruleset_on

from . import catalogue, stats
from .access import is_on_case_team
from .models import (
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
    LegalRepresentative,
    MovementEvent,
    PermitStatus,
    RecognitionGround,
    RepresentativeBasis,
    TravelSupport,
)

P = Purpose.IDENTIFICATION

# The organisations that meet people first and may open an identification case.
OPENING_KINDS = frozenset(
    {
        OrganisationKind.SERVICE_PROVIDER,
        OrganisationKind.MUNICIPAL_SOCIAL_SERVICE,
        OrganisationKind.HOTLINE,
        OrganisationKind.STATE_POLICE,
    }
)


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
    if actor.organisation.kind not in OPENING_KINDS:
        raise PermissionDenied(_("Your organisation cannot open identification cases."))
    if client.organisation_id != actor.organisation.pk or not client.team.filter(user=actor.user).exists():
        raise PermissionDenied(_("Only the case team can do this."))
    case = Case.objects.create(client=client, organisation=actor.organisation, opened_by=actor.user)
    stats.sync(case)
    record(actor, Action.CREATE, object_type="identification_case", object_ref=case.reference, purpose=P)
    return case


@transaction.atomic
def record_interview(actor: Actor, case: Case, data: dict[str, Any]) -> Interview:
    """Record an interview with its indicators, movements and the rest, all or nothing.

    ``data["indicators"]`` maps an indicator code to ``(answer, note)``; ``data["movements"]`` is
    a list of dicts with ``kind``, ``country``, ``city``, ``date``; ``data["health"]`` a list of
    health codes (stored encrypted).
    """
    _require_team(actor, case)
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
    )
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
    found = sorted(c for c, (a, _n) in indicators.items() if a == Answer.FOUND)
    record(
        actor, Action.CREATE, object_type="interview", object_ref=str(interview), purpose=P,
        detail={"indicators_found": len(found), "mode": interview.mode},
    )
    return interview


@transaction.atomic
def record_ground(actor: Actor, case: Case, data: dict[str, Any]) -> RecognitionGround:
    _require_team(actor, case)
    if data.get("ground") == Ground.COMMISSION:
        raise ValidationError({"ground": _("Ground 3 is recorded by concluding the specialist commission.")})
    ground = RecognitionGround(
        case=case,
        ground=data.get("ground") or "",
        document_number=(data.get("document_number") or "").strip(),
        document_date=data.get("document_date"),
        issuing_body=(data.get("issuing_body") or "").strip(),
        recorded_by=actor.user,
    )
    if not (ground.document_number and ground.document_date and ground.issuing_body):
        raise ValidationError(_("Give the document's number, date and issuing body."))
    ground.full_clean()
    ground.save()
    if data.get("document"):
        add_ground_document(actor, ground, data["document"])
    if case.status in (CaseStatus.OPEN, CaseStatus.INTERVIEWED, CaseStatus.COMMISSION):
        case.status = CaseStatus.RECOGNISED
        case.save(update_fields=["status"])
    stats.sync(case)
    record(actor, Action.CREATE, object_type="recognition_ground", object_ref=case.reference, purpose=P,
           detail={"ground": ground.ground})
    return ground


@transaction.atomic
def add_ground_document(actor: Actor, ground: RecognitionGround, upload) -> CaseDocument:
    """Attach the ground's document: a PDF, PNG or JPEG by its content, within the size limit, encrypted."""
    _require_team(actor, ground.case)
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


def protocol_context(commission: Commission) -> dict[str, Any]:
    """What the evaluation protocol shows (page and PDF), with the Latvian criteria labels."""
    members = list(commission.members.select_related("user", "organisation").prefetch_related("findings"))
    found_by: dict[str, list] = {}
    for m in members:
        for f in m.findings.all():
            if f.found:
                found_by.setdefault(f.code, []).append(m)
    groups = [
        {
            "label": catalogue.group_label(g, "lv"),
            "not_required": commission.minor_at_meeting and g.is_means,
            "items": [(lv, found_by.get(code, [])) for code, lv, _en in g.items],
        }
        for g in catalogue.CRITERIA_GROUPS
    ]
    return {"commission": commission, "case": commission.case, "client": commission.case.client,
            "members": members, "groups": groups}


PROTOCOL_STYLESHEETS = ("identification/document.css",)


def _store_protocol(actor: Actor, commission: Commission) -> CaseDocument:
    """Render the protocol as it stands to PDF/A and keep it; the newest one is current."""
    data = documents.render_pdf("identification/protocol_pdf.html", protocol_context(commission),
                                stylesheets=PROTOCOL_STYLESHEETS)
    return CaseDocument.objects.create(
        case=commission.case, kind=DocumentKind.PROTOCOL, commission=commission, content=data,
        file_name=f"protokols-{commission}.pdf".replace("/", "-"), content_type=documents.PDF,
        size=len(data), sha256=documents.sha256(data), created_by=actor.user,
    )


@transaction.atomic
def convene_commission(actor: Actor, case: Case, meeting_date: datetime.date) -> Commission:
    _require_team(actor, case)
    if case.commissions.filter(status=CommissionStatus.CONVENED).exists():
        raise ValidationError(_("A commission for this case is already convened."))
    commission = Commission.objects.create(case=case, meeting_date=meeting_date, convened_by=actor.user)
    # The convener sits on the commission in their own role.
    role = sorted(actor.roles)[0]
    CommissionMember.objects.create(commission=commission, user=actor.user, organisation=actor.organisation,
                                    role=role)
    case.status = CaseStatus.COMMISSION
    case.save(update_fields=["status"])
    record(actor, Action.CREATE, object_type="commission", object_ref=str(commission), purpose=P,
           detail={"meeting_date": meeting_date.isoformat()})
    return commission


def member_candidates(commission: Commission):
    """Memberships that can take a seat: the case organisation's specialists and State Police
    officials, not already seated."""
    seated = commission.members.values("user_id")
    specialist_roles = [Role.SOCIAL_WORKER, Role.PSYCHOLOGIST, Role.LAWYER, Role.MEDICAL]
    return (
        Membership.objects.filter(is_active=True, organisation__is_active=True)
        .filter(
            Q(organisation=commission.case.organisation, role__in=specialist_roles)
            | Q(organisation__kind=OrganisationKind.STATE_POLICE, role=Role.POLICE_OFFICIAL)
        )
        .exclude(user_id__in=seated)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name", "user__username")
    )


@transaction.atomic
def add_commission_member(actor: Actor, commission: Commission, membership_id: int) -> CommissionMember:
    _require_team(actor, commission.case)
    if commission.is_concluded:
        raise ValidationError(_("The commission has concluded; its members cannot change."))
    membership = member_candidates(commission).filter(pk=membership_id).first()
    if membership is None:
        raise ValidationError(_("This person cannot sit on this commission."))
    member = CommissionMember.objects.create(
        commission=commission, user=membership.user, organisation=membership.organisation, role=membership.role
    )
    record(actor, Action.CREATE, object_type="commission_member", object_ref=str(commission), purpose=P,
           detail={"user_id": membership.user_id, "role": membership.role})
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


def client_is_minor(commission: Commission) -> bool:
    birth = commission.case.client.birth_date
    return bool(birth) and is_minor(birth, commission.meeting_date, ruleset_on(commission.meeting_date))


def client_is_minor_on(case: Case, on: datetime.date | None = None) -> bool:
    """Is the case's client a minor on a date (today unless given)?"""
    on = on or timezone.localdate()
    birth = case.client.birth_date
    return bool(birth) and is_minor(birth, on, ruleset_on(on))


def missing_roles(commission: Commission) -> list[str]:
    required = ruleset_on(commission.meeting_date).commission_required_roles
    present = set(commission.members.values_list("role", flat=True))
    return [r for r in required if r not in present]


def _bilingual(lv: str, en: str) -> str:
    from django.utils.translation import get_language

    return lv if (get_language() or "lv").startswith("lv") else en


@transaction.atomic
def conclude_commission(actor: Actor, commission: Commission, conclusion: str, reasoning: str) -> Commission:
    """Conclude: refused, with a message naming what is missing, unless the rules are met."""
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    _require_team(actor, commission.case)
    if commission.is_concluded:
        raise ValidationError(_("The commission has already concluded."))
    missing = missing_roles(commission)
    if missing:
        lv = ", ".join(ROLE_NAMES.get(r, (r, r))[0] for r in missing)
        en = " and a ".join(ROLE_NAMES.get(r, (r, r))[1] for r in missing)
        raise ValidationError(_bilingual(
            f"Komisija nevar pieņemt atzinumu bez šādiem locekļiem: {lv}.",
            f"The commission cannot conclude without a {en}.",
        ))
    not_assessed = [m for m in commission.members.select_related("user") if m.assessed_at is None]
    if not_assessed:
        names = ", ".join(m.user.get_full_name() or m.user.username for m in not_assessed)
        raise ValidationError(_("Every member must record an assessment first. Still missing: %(names)s.")
                              % {"names": names})
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("Choose the conclusion.")})
    if not (reasoning or "").strip():
        raise ValidationError({"reasoning": _("Give the reasoning.")})
    minor = client_is_minor(commission)
    if conclusion == Conclusion.RECOGNISED:
        # "found" is encrypted: the members' findings are read and filtered here, not in SQL.
        found = [f.code for f in CriterionFinding.objects.filter(member__commission=commission) if f.found]
        problems = catalogue.recognition_problems(found, minor)
        if problems:
            raise ValidationError([_bilingual(lv, en) for lv, en in problems])
    commission.status = CommissionStatus.CONCLUDED
    commission.conclusion = conclusion
    commission.reasoning = reasoning.strip()
    commission.concluded_at = timezone.now()
    commission.minor_at_meeting = minor
    commission.ruleset_code = ruleset_on(commission.meeting_date).code
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
           detail={"conclusion": conclusion, "minor": minor})
    _store_protocol(actor, commission)
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
        _store_protocol(actor, commission)
    return member


# --- Minors, family and people abroad ---------------------------------------------------------


@transaction.atomic
def record_legal_representative(actor: Actor, case: Case, data: dict[str, Any]) -> LegalRepresentative:
    """Record (or replace) the legal representative of a minor client."""
    _require_team(actor, case)
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
    """Record citizenship and, for a non-EU citizen, the reflection period and residence permit."""
    _require_team(actor, case)
    eu = data.get("eu_citizen")
    if eu not in (True, False):
        raise ValidationError({"eu_citizen": _("Say whether the person is a citizen of the European Union.")})
    start, end = data.get("reflection_start"), data.get("reflection_end")
    permit = data.get("permit_status") or PermitStatus.NONE
    if eu:
        start, end, permit = None, None, PermitStatus.NONE
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
                                                   ruleset_on(on), on)


def eligibility_message(result) -> str:
    return _bilingual(result.message_lv, result.message_en) if result else ""
