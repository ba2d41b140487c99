import datetime
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atbalsts.accounts.models import Role
from atbalsts.accounts.steps import Step, may, require_step
from atbalsts.lib import documents
from atbalsts.lib.views import errors_to_form as _errors_to
from atbalsts.lib.views import organisation_actor as _actor
from atbalsts.people import access as people_access
from atbalsts.people.models import FamilyMember
from atbalsts.policy.rules import RuleSetNotFound

from . import access, catalogue, services
from . import htcds_referral as htcds_referral_module
from .forms import (
    DATE_FORMATS,
    AssessmentForm,
    ChildLinkForm,
    ConcludeForm,
    ConveneForm,
    EligibilityForm,
    ExploitationStartForm,
    GroundForm,
    InterviewForm,
    LegalRepresentativeForm,
    MemberForm,
    RescheduleForm,
    TravelForm,
)
from .models import Answer, CommissionStatus, EligibilityNote, LegalRepresentative, in_date_order


@require_POST
def case_open(request, case_number):
    actor = _actor(request)
    client = people_access.get_client(actor, case_number)
    try:
        case = services.open_case(actor, client)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Identification case opened."))
    return redirect("identification:case", pk=case.pk)


def _convene_form(actor, case, data=None):
    labels = dict(Role.choices)
    return ConveneForm(data, seats=[(r, labels.get(r, r)) for r in services.seat_roles(actor)],
                       needs_reason=not services.has_indicator_interview(case))


def _steps(actor) -> dict[str, bool]:
    """Which steps this page offers the actor: only those the policy lets their organisation do."""
    return {step.value: may(actor, step) for step in Step}


def _case_context(actor, case, **forms):
    interviews = list(case.interviews.prefetch_related("answers"))
    indicators_found = any(i.found_indicators for i in interviews)
    open_commission = case.commissions.filter(status=CommissionStatus.CONVENED).first()
    representative = LegalRepresentative.objects.filter(case=case).first()
    note = EligibilityNote.objects.filter(case=case).first()
    children = [link.member for link in case.child_links.select_related("member")]
    eligibility = services.eligibility_of(case, note=note) if note else None
    initial_rep = ({"name": representative.name, "relation": representative.relation,
                    "basis": representative.basis} if representative else None)
    initial_note = ({"eu_citizen": "yes" if note.eu_citizen else "no", "reflection_start": note.reflection_start,
                     "reflection_end": note.reflection_end, "permit_status": note.permit_status,
                     "legal_basis": note.legal_basis, "legal_basis_note": note.legal_basis_note}
                    if note else None)
    return {
        "case": case,
        "client": case.client,
        "interviews": interviews,
        "indicators_found": indicators_found,
        "commissions": case.commissions.all(),
        "open_commission": open_commission,
        "grounds": case.grounds.all(),
        # The later stage's applications, read through the reverse relation (no import upward).
        "siva_application_open": any(a.is_open for a in case.applications.all()),
        "convene_form": forms.get("convene_form") or _convene_form(actor, case),
        "steps": _steps(actor),
        "organisation_kind": actor.organisation.kind,
        "minor": services.client_is_minor_on(case),
        "representative": representative,
        "children": children,
        "travels": case.travels.prefetch_related("children"),
        "eligibility_note": note,
        "eligibility": eligibility,
        "eligibility_message": services.eligibility_message(eligibility),
        "representative_form": forms.get("representative_form") or LegalRepresentativeForm(initial=initial_rep),
        "child_form": forms.get("child_form") or ChildLinkForm(candidates=services.accompanying_candidates(case)),
        "travel_form": forms.get("travel_form") or TravelForm(children=children),
        "eligibility_form": forms.get("eligibility_form") or EligibilityForm(initial=initial_note),
        "exploitation_form": forms.get("exploitation_form") or ExploitationStartForm(initial={
            "began_on": case.exploitation_began_on, "age": case.exploitation_age}),
        "standing": case.proceedings_standing,
        "interview_draft": services.has_interview_draft(case),
    }


@require_http_methods(["GET"])
def case_detail(request, pk):
    actor = _actor(request)
    case = access.get_case(actor, pk)
    return render(request, "identification/case_detail.html", _case_context(actor, case))


def _case_form_post(request, pk, form_class, context_name, save, done, step=None, redirect_to=None, **form_kwargs):
    """A form on the case page: saved through the service, or the page again with its errors (400).
    A step the actor's organisation does not do is not on its page: the refusal page says why."""
    actor = _actor(request)
    case = access.get_case(actor, pk)
    if step is not None:
        require_step(actor, step)
    kwargs = {k: v(case) if callable(v) else v for k, v in form_kwargs.items()}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            saved = save(actor, case, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, done)
            return redirect_to(saved) if redirect_to else redirect("identification:case", pk=case.pk)
    context = _case_context(actor, case, **{context_name: form})
    return render(request, "identification/case_detail.html", context, status=400)


@require_POST
def legal_representative(request, pk):
    return _case_form_post(request, pk, LegalRepresentativeForm, "representative_form",
                           services.record_legal_representative, _("Legal representative recorded."),
                           step=Step.PHASE_ONE_SUPPORT)


def _link_child(actor, case, data):
    member = FamilyMember.objects.filter(pk=data["member"]).first()
    services.link_child(actor, case, member)


@require_POST
def child_link(request, pk):
    return _case_form_post(request, pk, ChildLinkForm, "child_form", _link_child,
                           _("Accompanying child linked to the case."), step=Step.PHASE_ONE_SUPPORT,
                           candidates=services.accompanying_candidates)


def _linked_children(case):
    return [link.member for link in case.child_links.select_related("member")]


@require_POST
def travel_new(request, pk):
    return _case_form_post(request, pk, TravelForm, "travel_form", services.record_travel,
                           _("Travel to Latvia recorded."), step=Step.PHASE_ONE_SUPPORT, children=_linked_children)


def _exploitation_start(actor, case, data):
    services.record_exploitation_start(actor, case, {"began_on": data.get("began_on"), "age": data.get("age")})


@require_POST
def exploitation_start(request, pk):
    return _case_form_post(request, pk, ExploitationStartForm, "exploitation_form", _exploitation_start,
                           _("When the exploitation began is recorded."))


@require_POST
def eligibility_record(request, pk):
    return _case_form_post(request, pk, EligibilityForm, "eligibility_form", services.record_eligibility,
                           _("Eligibility note recorded."), step=Step.RECORD_ELIGIBILITY)


def _interview_minor(case, raw_date) -> bool | None:
    """Is the person a minor on the interview's date (as typed, else today)? None when the birth
    date is not known."""
    if not case.client.birth_date:
        return None
    on = timezone.localdate()
    for fmt in DATE_FORMATS:
        try:
            typed = datetime.datetime.strptime((raw_date or "").strip(), fmt).date()
        except ValueError:
            continue
        if typed <= on:
            on = typed
        break
    try:
        return services.client_is_minor_on(case, on)
    except RuleSetNotFound:
        return services.client_is_minor_on(case)


def _interview_page(request, case, form, raw_date, status=200):
    return render(request, "identification/interview_form.html", {
        "form": form, "case": case, "minor": _interview_minor(case, raw_date),
        "representative": LegalRepresentative.objects.filter(case=case).first(),
    }, status=status)


@require_http_methods(["GET", "POST"])
def interview_new(request, pk):
    """The interview form, in sections. "Save as draft" keeps what is typed so far without the
    checks; "Record the interview" checks everything and records it (and drops the draft)."""
    actor = _actor(request)
    case = access.get_case(actor, pk)
    require_step(actor, Step.RECORD_SCREENING)
    if request.method == "POST" and request.POST.get("action") == "draft":
        typed = InterviewForm.draft_data(request.POST)
        try:
            services.save_interview_draft(actor, case, typed)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return _interview_page(request, case, InterviewForm(initial=typed), typed.get("date"), status=400)
        messages.success(request, _("The draft interview is saved. You can come back to it from the case page."))
        return redirect("identification:interview_new", pk=case.pk)
    if request.method == "POST":
        form = InterviewForm(request.POST)
        if form.is_valid():
            try:
                interview = services.record_interview(actor, case, form.service_data())
            except (ValidationError, PermissionDenied) as exc:
                _errors_to(form, exc)
            else:
                if interview.found_indicators:
                    messages.success(request, _("Interview recorded. Indicators were found: convene the "
                                                "specialist commission."))
                else:
                    messages.success(request, _("Interview recorded."))
                return redirect("identification:case", pk=case.pk)
        return _interview_page(request, case, form, request.POST.get("date"))
    try:
        draft = services.get_interview_draft(actor, case)
    except PermissionDenied:
        draft = None
    form = InterviewForm(initial=draft.data if draft else None)
    if draft:
        form.draft_saved_at = draft.saved_at
    return _interview_page(request, case, form, draft.data.get("date") if draft else None)


@require_http_methods(["GET"])
def interview_detail(request, pk, interview_id):
    actor = _actor(request)
    case = access.get_case(actor, pk)
    interview = access.get_interview(actor, case, interview_id)
    health = access.get_interview_health(actor, interview)

    def labels(entries, codes):
        return [catalogue.label(entries, c) for c in codes]

    answers = [
        (catalogue.label(catalogue.INDICATORS, a.code), a.get_answer_display(), a.note, a.answer == Answer.FOUND)
        for a in interview.answers.all()
    ]
    return render(request, "identification/interview_detail.html", {
        "case": case,
        "interview": interview,
        "answers": answers,
        "forms_of_exploitation": labels(catalogue.EXPLOITATION_FORMS, interview.exploitation_forms),
        "risk_groups": labels(catalogue.RISK_GROUPS, interview.risk_groups),
        "needs": labels(catalogue.NEEDS, interview.needs),
        "health": labels(catalogue.HEALTH_ISSUES, health),
        "recruitment_method": catalogue.label(catalogue.RECRUITMENT_METHODS, interview.recruitment_method)
        if interview.recruitment_method else "",
        "movements": in_date_order(interview.movements.all()),
    })


@require_http_methods(["GET", "POST"])
def ground_new(request, pk):
    actor = _actor(request)
    case = access.get_case(actor, pk)
    if not may(actor, Step.RECORD_GROUND):
        # Not offered to this organisation: say why instead of a form that cannot be saved.
        require_step(actor, Step.RECORD_GROUND)
    form = GroundForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_ground(actor, case, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Recognition ground recorded."))
            return redirect("identification:case", pk=case.pk)
    return render(request, "identification/ground_form.html", {"form": form, "case": case})


@require_POST
def commission_convene(request, pk):
    actor = _actor(request)
    case = access.get_case(actor, pk)
    require_step(actor, Step.CONVENE_COMMISSION)
    form = _convene_form(actor, case, request.POST)
    if form.is_valid():
        try:
            commission = services.convene_commission(
                actor, case, form.cleaned_data["meeting_date"], seat=form.cleaned_data.get("seat") or None,
                no_indicator_reason=form.cleaned_data.get("no_indicator_reason") or "")
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Commission convened. Add its members."))
            return redirect("identification:commission", pk=commission.pk)
    context = _case_context(actor, case, convene_form=form)
    return render(request, "identification/case_detail.html", context, status=400)


def _commission_context(actor, commission, **extra):
    case = commission.case
    on_team = access.is_on_case_team(actor, case)
    seat = access.seat_of(actor, commission)
    members = list(commission.members.select_related("user", "organisation").prefetch_related("findings"))
    reschedule = on_team and not commission.is_concluded
    return {
        "commission": commission,
        "case": case,
        "on_team": on_team,
        "seat": seat,
        "members": members,
        "missing_roles": services.missing_roles(commission),
        "meeting_date_problem": services.meeting_date_problem(commission),
        "member_form": MemberForm(candidates=services.member_candidates(commission)) if on_team else None,
        "conclude_form": ConcludeForm() if on_team else None,
        "reschedule_form": (extra.pop("reschedule_form", None) or RescheduleForm(
            initial={"meeting_date": commission.meeting_date})) if reschedule else None,
        **services.criteria_view(commission, members, translation.get_language() or "lv"),
        **extra,
    }


@require_http_methods(["GET"])
def commission_detail(request, pk):
    actor = _actor(request)
    commission = access.get_commission(actor, pk)
    return render(request, "identification/commission_detail.html", _commission_context(actor, commission))


@require_POST
def commission_reschedule(request, pk):
    """Move (or correct) the meeting date of a commission that has not concluded."""
    actor = _actor(request)
    commission = access.get_commission(actor, pk)
    if not access.is_on_case_team(actor, commission.case):
        raise Http404
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.reschedule_commission(actor, commission, form.cleaned_data["meeting_date"])
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("The meeting date is changed."))
            return redirect("identification:commission", pk=commission.pk)
    commission.refresh_from_db()
    context = _commission_context(actor, commission, reschedule_form=form)
    return render(request, "identification/commission_detail.html", context, status=400)


@require_POST
def commission_member_add(request, pk):
    actor = _actor(request)
    commission = access.get_commission(actor, pk)
    if not access.is_on_case_team(actor, commission.case):
        raise Http404
    require_step(actor, Step.CONVENE_COMMISSION)
    form = MemberForm(request.POST, candidates=services.member_candidates(commission))
    if form.is_valid():
        try:
            services.add_commission_member(actor, commission, form.cleaned_data["membership"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Member added."))
    else:
        messages.error(request, _("Choose a member from the list."))
    return redirect("identification:commission", pk=commission.pk)


@require_http_methods(["GET", "POST"])
def commission_assess(request, pk):
    actor = _actor(request)
    commission = access.get_commission(actor, pk)
    seat = access.seat_of(actor, commission)
    if seat is None:
        raise Http404
    initial = {"opinion": seat.opinion}
    findings = list(seat.findings.all())
    for f in findings:
        initial[f"crit_{f.code}"] = f.found
        initial[f"crit_{f.code}_note"] = f.note
    prefilled = []
    if not findings and seat.assessed_at is None and not commission.is_concluded:
        # A first assessment starts from the indicators found at the interview (for a member who
        # may read the interview); the member checks each item before saving.
        found = access.indicators_for_assessment(actor, commission)
        for code, indicators in catalogue.criteria_suggested_by(found).items():
            initial[f"crit_{code}"] = True
            initial[f"crit_{code}_note"] = _("Found at the interview: %(indicators)s") % {
                "indicators": "; ".join(catalogue.label(catalogue.INDICATORS, i) for i in indicators)}
        prefilled = found
    minor = services.minor_for_means(commission)
    form = AssessmentForm(request.POST or None, initial=initial, sex=commission.case.client.sex)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_assessment(actor, commission, form.findings(), form.cleaned_data["opinion"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, _("Your assessment is recorded."))
            return redirect("identification:commission", pk=commission.pk)
    return render(request, "identification/assessment_form.html", {
        "form": form, "commission": commission, "minor": minor.minor,
        "prefilled": [catalogue.label(catalogue.INDICATORS, i) for i in prefilled],
        "minor_text": services.minor_basis_text(minor, commission.case.exploitation_began_on),
    })


@require_POST
def commission_conclude(request, pk):
    actor = _actor(request)
    commission = access.get_commission(actor, pk)
    if not access.is_on_case_team(actor, commission.case):
        raise Http404
    form = ConcludeForm(request.POST)
    if form.is_valid():
        try:
            services.conclude_commission(actor, commission, form.cleaned_data["conclusion"],
                                         form.cleaned_data["reasoning"])
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("The commission has concluded. Members now acknowledge the protocol."))
            return redirect("identification:commission", pk=commission.pk)
    context = _commission_context(actor, commission, conclude_form=form)
    return render(request, "identification/commission_detail.html", context, status=400)


@require_POST
def commission_acknowledge(request, pk):
    actor = _actor(request)
    commission = access.get_commission(actor, pk)
    try:
        services.acknowledge(actor, commission)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You have acknowledged the protocol."))
    return redirect("identification:commission", pk=commission.pk)


@require_http_methods(["GET"])
def protocol(request, pk):
    """The evaluation protocol, always in Latvian; printable, and the source for the PDF."""
    actor = _actor(request)
    commission = access.get_commission(actor, pk)
    if not commission.is_concluded:
        raise Http404
    with translation.override("lv"):
        return render(request, "identification/protocol.html", {
            **services.protocol_context(commission),
            "protocol_pdf": access.is_on_case_team(actor, commission.case) and commission.is_concluded,
        })


@require_http_methods(["GET"])
def protocol_pdf(request, pk):
    """The stored evaluation protocol PDF: the case team only; every download is recorded."""
    doc = access.get_protocol_pdf(_actor(request), pk)
    return documents.download(doc.content, documents.PDF, doc.file_name)


@require_http_methods(["GET"])
def case_document(request, pk, document_id):
    """An uploaded ground document: the case team only; every download is recorded."""
    doc = access.get_case_document(_actor(request), pk, document_id)
    return documents.download(doc.content, doc.content_type, doc.file_name)


@require_http_methods(["GET", "POST"])
def htcds_referral(request, pk):
    """The case as an HTCDS 2.0 record (JSON download) for another organisation, only under the
    person's consent naming it for their identity. The recipient travels in the form's body, never
    in the address; a refusal exports nothing and says why."""
    actor = _actor(request)
    case = access.get_case(actor, pk)
    require_step(actor, Step.SEND_REFERRAL)
    form = htcds_referral_module.RecipientForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            record = htcds_referral_module.case_for_referral(actor, case.pk, form.cleaned_data["recipient"])
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            response = HttpResponse(json.dumps(record, ensure_ascii=False, indent=2),
                                    content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="htcds-referral.json"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "identification/htcds_referral.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)
