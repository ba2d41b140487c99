"""The hotline operators' pages for referrals abroad: inbox, outbound list, new referral, the
partner registry, file export and import."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from atbalsts.lib.views import errors_to_form

from . import access, packages, record, services
from .forms import AnswerForm, ImportForm, OutboundForm, OutcomeForm
from .models import Direction, Status

# The languages of these pages: the operators speak with callers in Latvian, English and Russian.
PAGE_LANGUAGES = (("lv", "Latviešu"), ("en", "English"), ("ru", "Русский"))


_LABELS = {
    "prs_FirstName": gettext_lazy("First name"),
    "prs_MobilePhone": gettext_lazy("Phone"),
    "prs_Birthdate": gettext_lazy("Date of birth"),
    "prs_Gender": gettext_lazy("Gender"),
    "prs_PrimaryLanguage": gettext_lazy("Language the person speaks"),
    "prs_Citizenship": gettext_lazy("Citizenship"),
    "vic_TraffickingStatus": gettext_lazy("Trafficking status"),
    "vic_TypeOfExploitation": gettext_lazy("Forms of exploitation"),
    "atb_CountriesOfExploitation": gettext_lazy("Countries of exploitation"),
    "cas_ReasonForOutgoingReferral": gettext_lazy("Reason for the referral"),
    "atb_Needs": gettext_lazy("What the person asks for"),
    "cas_OutgoingReferralDate": gettext_lazy("Referred on"),
    "con_Consent": gettext_lazy("Consent to this partner"),
}


def data_rows(data: dict) -> list[tuple[str, str]]:
    """The data set in the reader's language: labels and code names, never raw codes."""
    rows = []
    for name, label in _LABELS.items():
        value = data.get(name)
        if value in (None, "", []):
            continue
        choices = record.SINGLE_CODES.get(name) or record.MULTI_CODES.get(name)
        if choices is not None:
            names = dict(choices.choices)
            shown = ", ".join(str(names.get(v, "?")) for v in (value if isinstance(value, list) else [value]))
        elif name in record.DATES:
            shown = date_format(datetime.date.fromisoformat(value), "d.m.Y")
        elif name == "con_Consent":
            shown = _("Yes")
        else:
            shown = value
        rows.append((label, shown))
    return rows


def _render(request, template, context):
    return render(request, template, {**context, "page_languages": PAGE_LANGUAGES})


@require_http_methods(["GET"])
def inbox_page(request):
    rows = access.referrals(getattr(request, "actor", None), Direction.INBOUND)
    return _render(request, "federation/inbox.html", {"referrals": rows})


@require_http_methods(["GET"])
def outbound_page(request):
    rows = access.referrals(getattr(request, "actor", None), Direction.OUTBOUND)
    return _render(request, "federation/outbound.html", {"referrals": rows})


@require_http_methods(["GET"])
def partners_page(request):
    rows = access.partners(getattr(request, "actor", None))
    return _render(request, "federation/partners.html", {"partners": rows})


@require_http_methods(["GET", "POST"])
def new_outbound_page(request):
    actor = access.require_federation(getattr(request, "actor", None))
    form = OutboundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        consent = services.ConsentGiven(given_by=cd["consent_given_by"], channel=cd["consent_channel"],
                                        purpose=cd["consent_purpose"], confirmed=cd["consent_confirmed"])
        try:
            referral = services.refer_abroad(actor, cd["partner"], form.data_set(), consent)
        except (ValidationError, PermissionDenied) as exc:
            errors_to_form(form, exc)
        except services.FederationUnavailable as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The referral is on its way to the partner."))
            return redirect("federation:outbound_detail", reference=referral.reference)
    return _render(request, "federation/new.html", {"form": form})


@require_http_methods(["GET"])
def outbound_detail_page(request, reference):
    referral = access.get_referral(getattr(request, "actor", None), reference, Direction.OUTBOUND)
    return _render(request, "federation/detail.html", {
        "referral": referral, "outbound": True, "rows": data_rows(referral.data),
        "messages_sent": referral.messages.all(),
    })


@require_http_methods(["POST"])
def cancel_page(request, reference):
    actor = getattr(request, "actor", None)
    referral = access.get_referral(actor, reference, Direction.OUTBOUND)
    try:
        services.cancel_referral(actor, referral)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The referral was cancelled; it will not be delivered."))
    return redirect("federation:outbound_detail", reference=referral.reference)


@require_http_methods(["GET", "POST"])
def inbound_detail_page(request, reference):
    actor = getattr(request, "actor", None)
    referral = access.get_referral(actor, reference, Direction.INBOUND)
    answer_form = AnswerForm(request.POST if request.POST.get("form") == "answer" else None)
    outcome_form = OutcomeForm(request.POST if request.POST.get("form") == "outcome" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "answer" and answer_form.is_valid():
                accept = answer_form.cleaned_data["answer"] == "accept"
                services.answer_referral(actor, referral, accept, answer_form.cleaned_data["reason"])
                messages.success(request, _("Your answer is on its way to the partner."))
                return redirect("federation:inbound_detail", reference=referral.reference)
            if request.POST.get("form") == "outcome" and outcome_form.is_valid():
                services.record_outcome(actor, referral, outcome_form.cleaned_data["outcome"])
                messages.success(request, _("The outcome is on its way to the partner."))
                return redirect("federation:inbound_detail", reference=referral.reference)
        except (ValidationError, PermissionDenied) as exc:
            errors_to_form(outcome_form if request.POST.get("form") == "outcome" else answer_form, exc)
        except services.FederationUnavailable as exc:
            messages.error(request, str(exc))
    return _render(request, "federation/detail.html", {
        "referral": referral, "outbound": False, "rows": data_rows(referral.data),
        "answer_form": answer_form, "outcome_form": outcome_form,
        "messages_sent": referral.messages.all(), "can_answer": referral.status == Status.RECEIVED,
        "can_record_outcome": referral.status == Status.ACCEPTED and not referral.outcome,
    })


@require_http_methods(["GET"])
def export_page(request, reference):
    actor = getattr(request, "actor", None)
    referral = access.get_referral(actor, reference)
    try:
        message = services.export_package(actor, referral)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        name = "federation:outbound_detail" if referral.direction == Direction.OUTBOUND else "federation:inbound_detail"
        return redirect(name, reference=referral.reference)
    response = HttpResponse(message.package, content_type="application/jose")
    response["Content-Disposition"] = f'attachment; filename="atbalsts-{referral.reference}-{message.kind}.jwe"'
    return response


_REFUSALS = {
    "unknown_sender": gettext_lazy("The package comes from a hotline that is not registered as a partner."),
    "wrong_key": gettext_lazy("The package was encrypted for another recipient."),
    "tampered": gettext_lazy("The package was changed on the way and cannot be trusted."),
    "bad_signature": gettext_lazy("The package's signature does not match the partner's key."),
    "expired": gettext_lazy("The package has expired; ask the partner to send it again."),
    "replay": gettext_lazy("This package has already been received."),
}


@require_http_methods(["GET", "POST"])
def import_page(request):
    actor = access.require_federation(getattr(request, "actor", None))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            claims = services.import_package(actor, form.cleaned_data["package"])
        except packages.Refused as refused:
            form.add_error(None, _REFUSALS.get(refused.code, _("The package was refused: it is not valid.")))
        except (ValidationError, PermissionDenied) as exc:
            errors_to_form(form, exc)
        except services.FederationUnavailable as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The package was received."))
            if claims["kind"] == "referral":
                return redirect("federation:inbox")
            return redirect("federation:outbound")
    return _render(request, "federation/import.html", {"form": form})
