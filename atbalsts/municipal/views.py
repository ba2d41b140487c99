"""Pages: the municipal social worker's cases, and what a provider receives from them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atbalsts.identification import catalogue as checklists
from atbalsts.lib import keyset
from atbalsts.lib.views import errors_to_form as _errors_to
from atbalsts.policy.referral_types import referral_types_on
from atbalsts.referrals import services as referral_services

from . import access, catalogue, services
from .forms import (
    AnswerForm,
    CaseOpenForm,
    LinkForm,
    OfficeConsentForm,
    ReferralForm,
    RequestForm,
    ScreeningForm,
    StepForm,
    TeamAddForm,
)
from .models import Step

CRITERIA_ITEMS = [(code, lv, en) for g in checklists.CRITERIA_GROUPS for code, lv, en in g.items]


def _municipal(request):
    return access.require_municipal(request.actor)


def _labels(entries, codes):
    return [checklists.label(entries, c) for c in codes]


@require_http_methods(["GET"])
def index(request):
    """The worker's cases, a page at a time by position; a page link the list did not make gets a
    sentence (400), not an error page."""
    actor = _municipal(request)
    try:
        page = access.case_page(actor, after=request.GET.get("after", ""), before=request.GET.get("before", ""))
    except keyset.BadCursor:
        return render(request, "municipal/index.html", {"cases": [], "page": None, "bad_cursor": True}, status=400)
    return render(request, "municipal/index.html", {"cases": page.rows, "page": page})


@require_http_methods(["GET", "POST"])
def case_new(request):
    actor = _municipal(request)
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            data = {"contact_stage": d["contact_stage"], "person": d}
            if d["client_case_number"]:
                data["client"] = services.client_for_case_number(actor, d["client_case_number"])
            case = services.open_case(actor, data)
        except Http404:
            form.add_error("client_case_number", _("None of your clients has this case number."))
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("municipal:case", pk=case.pk)
    return render(request, "municipal/case_new.html", {"form": form})


def _step_rows(actor, case):
    rows = []
    for s in case.steps.order_by("recorded_at", "pk").select_related("recorded_by"):
        rows.append({
            "step": s,
            "risk_groups": _labels(checklists.RISK_GROUPS, s.risk_groups),
            "needs": _labels(checklists.NEEDS, s.needs),
            "health": _labels(checklists.HEALTH_ISSUES, access.get_step_health(actor, s)) if s.health_encrypted else [],
            "activities": _labels(catalogue.ACTIVITIES, s.activities),
        })
    return rows


@require_http_methods(["GET"])
def case_detail(request, pk):
    actor = _municipal(request)
    case = access.get_case(actor, pk)
    sent: dict[int, list] = {}
    for r in access.referrals_sent(actor).filter(client=case.client).order_by("sent_at", "pk"):
        sent.setdefault(r.origin_id, []).append(r)
    screenings = [
        {"screening": s, "indicators": _labels(checklists.INDICATORS, s.indicators),
         "criteria": _labels(CRITERIA_ITEMS, s.criteria), "referrals": sent.get(s.pk, [])}
        for s in case.screenings.all()
    ]
    return render(request, "municipal/case_detail.html", {
        "case": case, "steps": _step_rows(actor, case), "screenings": screenings,
        "requests": access.requests_sent(actor).filter(case=case),
        "allowed": [Step(s) for s in services.allowed_steps(case)], "link_form": LinkForm(),
        "assessment_missing": services.assessment_missing(case),
        "team": list(case.client.team.select_related("user").order_by("added_at", "pk")),
        "office_consents": access.office_consents(actor, case),
    })


@require_http_methods(["GET", "POST"])
def step_new(request, pk):
    actor = _municipal(request)
    case = access.get_case(actor, pk)
    allowed = services.allowed_steps(case)
    # The step that moves the case on is offered first.
    initial = {"step": allowed[-1], "date": timezone.localdate()}
    form = StepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            step = services.record_step(actor, case, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("%(step)s recorded.") % {"step": step.get_step_display()})
            return redirect("municipal:case", pk=case.pk)
    return render(request, "municipal/step_form.html", {"form": form, "case": case,
                                                        "allowed": [Step(s) for s in allowed]})


@require_POST
def link_provider_client(request, pk):
    actor = _municipal(request)
    case = access.get_case(actor, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.link_provider_client(actor, case, form.cleaned_data["case_number"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The provider's client is linked to this case."))
    else:
        messages.error(request, " ".join(f"{form[name].label}: {error}" for name, errors in form.errors.items()
                                         for error in errors))
    return redirect("municipal:case", pk=case.pk)


@require_http_methods(["GET", "POST"])
def screening_new(request, pk):
    actor = _municipal(request)
    case = access.get_case(actor, pk)
    form = ScreeningForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_screening(actor, case, form.data_for_service())
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Screening recorded. You can now refer the person to a service provider."))
            return redirect("municipal:case", pk=case.pk)
    return render(request, "municipal/screening_form.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
def referral_new(request, pk, screening_id):
    actor = _municipal(request)
    case = access.get_case(actor, pk)
    screening = access.get_screening(actor, screening_id, case)
    form = ReferralForm(request.POST or None)
    travel = None
    if request.method == "POST" and form.is_valid():
        rtype = referral_types_on(timezone.localdate()).get(services.REFERRAL_TYPE)
        travel = referral_services.what_travels(rtype, form.cleaned_data["provider"], case.client)
        if "check" not in request.POST:
            try:
                referral = services.send_referral(actor, screening, form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _errors_to(form, exc)
            else:
                messages.success(request, _("Referral %(ref)s sent to %(org)s.")
                                 % {"ref": referral.reference, "org": referral.recipient})
                return redirect("municipal:case", pk=case.pk)
    return render(request, "municipal/referral_form.html", {
        "form": form, "case": case, "screening": screening, "travel": travel,
        "lang": translation.get_language() or "lv",
        "indicators": _labels(checklists.INDICATORS, screening.indicators),
        "criteria": _labels(CRITERIA_ITEMS, screening.criteria)})


@require_http_methods(["GET", "POST"])
def request_new(request, pk):
    actor = _municipal(request)
    case = access.get_case(actor, pk)
    initial = {"sent_on": timezone.localdate()}
    if case.provider_client_id:
        initial.update(provider=case.provider_client.organisation_id,
                       provider_case_number=case.provider_client.case_number)
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            info = services.send_information_request(actor, case, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Information request %(ref)s sent to %(org)s.")
                             % {"ref": info.reference, "org": info.provider})
            return redirect("municipal:request", pk=info.pk)
    return render(request, "municipal/request_form.html", {"form": form, "case": case})


@require_http_methods(["GET"])
def request_detail(request, pk):
    actor = _municipal(request)
    info = access.get_sent_request(actor, pk)
    return render(request, "municipal/request_detail.html", {"info": info, "answer": access.answer_of(actor, info)})


# --- case teams ------------------------------------------------------------------------------


@require_http_methods(["GET"])
def team_overview(request):
    """The assigner's view: every case of the service with its team, nothing of the person."""
    return render(request, "municipal/team_overview.html", {"cases": access.team_overview(request.actor)})


@require_http_methods(["GET", "POST"])
def case_team(request, pk):
    actor = request.actor
    case = access.get_case_team(actor, pk)
    form = TeamAddForm(request.POST or None, candidates=services.team_candidates(case))
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                try:
                    user_id = int(request.POST["remove"])
                except ValueError:
                    raise ValidationError({"user": _("Choose a member of the team.")}) from None
                services.remove_from_case_team(actor, case, user_id)
                messages.success(request, _("Removed from the case team."))
                return redirect("municipal:team", pk=case.pk)
            if form.is_valid():
                services.add_to_case_team(actor, case, form.cleaned_data["user"])
                messages.success(request, _("Added to the case team."))
                return redirect("municipal:team", pk=case.pk)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("municipal:team", pk=case.pk)
    return render(request, "municipal/case_team.html", {
        "case": case, "form": form, "team": list(case.client.team.all()),
        "on_team": access.cases_visible_to(actor).filter(pk=case.pk).exists()})


# --- consent given at the municipal office ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def office_consent_new(request, pk):
    actor = _municipal(request)
    case = access.get_case(actor, pk)
    form = OfficeConsentForm(request.POST or None, request.FILES or None,
                             initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = services.record_office_consent(actor, case, d, d["signed_form"])
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("The consent for %(org)s to share with your service is recorded; "
                                        "the provider sees it with its client %(number)s.")
                             % {"org": row.consent.client.organisation, "number": row.consent.client.case_number})
            return redirect("municipal:case", pk=case.pk)
    return render(request, "municipal/office_consent_form.html", {"form": form, "case": case})


@require_POST
def office_consent_withdraw(request, pk, consent_id):
    actor = _municipal(request)
    case = access.get_case(actor, pk)
    row = access.get_office_consent(actor, case, consent_id)
    try:
        services.withdraw_office_consent(actor, case, row)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The consent is withdrawn; it no longer counts."))
    return redirect("municipal:case", pk=case.pk)


# --- what a provider receives ------------------------------------------------------------


@require_http_methods(["GET"])
def incoming_referrals(request):
    """Referrals now live in the referrals app; the provider's old address leads to its inbox."""
    access.referrals_incoming(request.actor)  # 404 for anyone but a provider's casework staff
    return redirect("referrals:inbox")


@require_http_methods(["GET", "POST"])
def incoming_referral(request, pk):
    referral = access.get_incoming_referral(request.actor, pk)
    return redirect("referrals:detail", referral.reference)


@require_http_methods(["GET"])
def incoming_requests(request):
    return render(request, "municipal/incoming_requests.html", {"requests": access.requests_incoming(request.actor)})


@require_http_methods(["GET", "POST"])
def incoming_request(request, pk):
    actor = request.actor
    info = access.get_incoming_request(actor, pk)
    form = None if info.is_answered else AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.answer_information_request(actor, info, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Answer sent to %(org)s.") % {"org": info.case.organisation})
            return redirect("municipal:incoming_request", pk=info.pk)
    return render(request, "municipal/incoming_request.html", {"info": info, "form": form})
