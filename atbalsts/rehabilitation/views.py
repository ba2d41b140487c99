"""Pages of the course, its service log and after-care, and the read-only page shared under consent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atbalsts.lib import documents
from atbalsts.lib.views import errors_to_form as _errors_to
from atbalsts.lib.views import organisation_actor as _actor
from atbalsts.policy.rules import ruleset_on

from . import access, services
from .forms import (
    SERVICE_FIELDS,
    AftercareConsultationForm,
    CloseCourseForm,
    FamilyConsultationForm,
    ProceedingsSupportForm,
    ServiceForm,
    SupportHoursForm,
)
from .ledger import course_status, family_member_choices, service_counts, summary_for
from .models import AftercareKind, ServiceKind


def _context(course, **extra):
    today = timezone.localdate()
    return {"course": course, "client": course.client, "status": course_status(course, today),
            "summary": summary_for(course, today), "today": today, **extra}


@require_http_methods(["GET"])
def course(request, case_number):
    actor = _actor(request)
    c = access.get_course(actor, case_number)
    return render(request, "rehabilitation/course.html", _context(
        c, counts=service_counts(c), support=access.proceedings_support_of(c)))


@require_http_methods(["GET"])
def services_list(request, case_number):
    actor = _actor(request)
    c = access.get_course(actor, case_number)
    return render(request, "rehabilitation/services.html", _context(
        c, entries=access.list_services(actor, c), kinds=ServiceKind.choices))


def _handle(request, form, do, success, target):
    """Validate, call the service, show its refusal on the form (nothing saved) or redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            do(form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect(target)
    return None


@require_http_methods(["GET", "POST"])
def service_add(request, case_number, kind):
    if kind not in SERVICE_FIELDS:
        raise Http404
    actor = _actor(request)
    c = access.get_course(actor, case_number)
    form = ServiceForm(request.POST or None, request.FILES or None, kind=kind)
    done = _handle(request, form,
                   lambda data: services.record_service(actor, c, {**data, "kind": kind}, data.get("receipt")),
                   _("The service is recorded."), reverse("rehabilitation:services", args=[case_number]))
    if done:
        return done
    return render(request, "rehabilitation/service_form.html", _context(
        c, form=form, kind_label=ServiceKind(kind).label), status=400 if form.errors else 200)


@require_http_methods(["GET"])
def receipt(request, case_number, pk):
    row = access.get_receipt(_actor(request), case_number, pk)
    return documents.download(row.receipt, row.receipt_content_type, row.receipt_name)


@require_http_methods(["GET", "POST"])
def close(request, case_number):
    actor = _actor(request)
    c = access.get_course(actor, case_number)
    form = CloseCourseForm(request.POST or None, initial={"actual_end": timezone.localdate()})
    done = _handle(request, form, lambda data: services.close_course(actor, c, data),
                   _("The course is closed."), reverse("rehabilitation:course", args=[case_number]))
    if done:
        return done
    return render(request, "rehabilitation/close.html", _context(c, form=form),
                  status=400 if form.errors else 200)


@require_http_methods(["GET"])
def aftercare(request, case_number):
    actor = _actor(request)
    c = access.get_course(actor, case_number)
    summary = summary_for(c, timezone.localdate())
    members = {str(m.pk): m for m in c.client.family.all()}
    family = [(members.get(f.member), f) for f in summary.family]
    return render(request, "rehabilitation/aftercare.html", _context(
        c, entries=access.list_aftercare(actor, c), support=access.proceedings_support_of(c), family=family))


def _aftercare_form(request, case_number, form_class, kind, template_title):
    actor = _actor(request)
    c = access.get_course(actor, case_number)
    today = timezone.localdate()
    # The form offers exactly what the rules accept (today's rule set; the calculator judges the
    # entry's own date).
    form_kwargs = {"ruleset": ruleset_on(today)}
    if form_class is FamilyConsultationForm:
        form_kwargs["members"] = family_member_choices(c, today)
    if form_class is SupportHoursForm:
        support = access.proceedings_support_of(c)
        form_kwargs["legal_aid"] = bool(support and support.legal_aid)
    form = form_class(request.POST or None, **form_kwargs)
    done = _handle(request, form, lambda data: services.record_aftercare(actor, c, {**data, "kind": kind}),
                   _("The after-care entry is recorded."), reverse("rehabilitation:aftercare", args=[case_number]))
    if done:
        return done
    return render(request, "rehabilitation/aftercare_form.html", _context(c, form=form, title=template_title),
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def aftercare_consultation(request, case_number):
    return _aftercare_form(request, case_number, AftercareConsultationForm, AftercareKind.AFTERCARE_CONSULTATION,
                           _("After-care consultation"))


@require_http_methods(["GET", "POST"])
def support_hours(request, case_number):
    return _aftercare_form(request, case_number, SupportHoursForm, AftercareKind.PROCEEDINGS_SUPPORT,
                           _("Criminal-proceedings support: hours"))


@require_http_methods(["GET", "POST"])
def family_consultation(request, case_number):
    return _aftercare_form(request, case_number, FamilyConsultationForm, AftercareKind.FAMILY_CONSULTATION,
                           _("Family member's consultation"))


@require_http_methods(["GET", "POST"])
def proceedings(request, case_number):
    actor = _actor(request)
    c = access.get_course(actor, case_number)
    support = access.proceedings_support_of(c)
    initial = {}
    if support is not None:
        initial = {name: getattr(support, name) for name in
                   ("document_kind", "document_number", "document_date", "issuing_body", "start", "legal_aid")}
    form = ProceedingsSupportForm(request.POST or None, request.FILES or None, initial=initial)
    done = _handle(request, form,
                   lambda data: services.record_proceedings_support(actor, c, data, data.get("document")),
                   _("Criminal-proceedings support is recorded."),
                   reverse("rehabilitation:aftercare", args=[case_number]))
    if done:
        return done
    return render(request, "rehabilitation/proceedings_form.html", _context(c, form=form, support=support),
                  status=400 if form.errors else 200)


@require_http_methods(["GET"])
def proceedings_document(request, case_number):
    support = access.get_proceedings_document(_actor(request), case_number)
    return documents.download(support.document, support.document_content_type, support.document_name)


@require_http_methods(["GET"])
def shared(request, case_number):
    """Another organisation's view, only of the categories an active consent names."""
    actor = _actor(request)
    view = access.shared_view(actor, case_number)
    today = timezone.localdate()
    return render(request, "rehabilitation/shared.html", {
        "case_number": case_number, "today": today,
        "status": course_status(view.course, today) if view.course_consent else None,
        "counts": service_counts(view.course) if view.services_consent else None,
        "course_consent": view.course_consent, "services_consent": view.services_consent,
    })

