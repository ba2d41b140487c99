"""Pages of the contact log under /hotline/contacts/. Short views: access functions read (404 to
outsiders, audited), forms validate, services change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.portal.access import inbox as report_inbox
from atbalsts.portal.reference import display_reference

from . import access, catalogue, services
from .forms import AssignForm, ClientFromContactForm, ContactForm, NoteForm, ReferContactForm, TaskForm
from .models import CallerChoice, Channel, CountOnlyKind, FollowUpTask, ShareCategory

# The languages an operator may switch the log to: they speak with callers in these.
LOG_LANGUAGES = ("lv", "en", "ru")
SAVED_FLAG = "hotline_contact_saved"
RECENT_REPORTS = 50


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages[0] if hasattr(error, "messages") else str(error))
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _log_entries(actor):
    """Logged contacts and web reports in one list, newest first."""
    entries = [
        {"at": c.started_at, "reference": display_reference(c.reference), "url_ref": c.reference, "kind": "contact",
         "channel": c.get_channel_display(), "caller_type": c.get_caller_type_display(),
         "state": c.get_outcome_display(), "assigned_to": c.assigned_to}
        for c in access.contact_log(actor)
    ]
    for report in report_inbox(actor)[:RECENT_REPORTS]:
        entries.append({"at": report.received_at, "reference": display_reference(report.reference),
                        "url_ref": report.reference, "kind": "report", "channel": Channel.WEB_REPORT.label,
                        "caller_type": "—", "state": report.get_status_display(), "assigned_to": None})
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries


@require_http_methods(["GET"])
def log_page(request):
    actor = request.actor
    access.require_log(actor)
    today = timezone.localdate()
    counts = services.counts_for_day(actor.organisation, today)
    channels = [c for c in Channel if c != Channel.WEB_REPORT]
    tally_rows = [
        {"kind": kind, "cells": [{"channel": ch, "count": counts.get((ch.value, kind.value), 0)} for ch in channels]}
        for kind in CountOnlyKind
    ]
    return render(request, "hotline/log.html", {
        "entries": _log_entries(actor), "tally_rows": tally_rows, "channels": channels, "today": today,
        "log_languages": LOG_LANGUAGES,
    })


@require_POST
def count_only(request):
    actor = request.actor
    access.require_log(actor)
    channel, _sep, kind = (request.POST.get("tally") or "").partition(":")
    try:
        tally = services.record_count_only(actor, kind, channel)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Counted: %(kind)s, %(channel)s (%(count)s today).") % {
            "kind": tally.get_kind_display(), "channel": tally.get_channel_display(), "count": tally.count})
    return redirect("contacts:log")


@require_http_methods(["GET", "POST"])
def new_contact(request):
    actor = request.actor
    access.require_log(actor)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.record_contact(actor, form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            # The next page tells the browser that the draft can go (static/hotline/draft.js).
            request.session[SAVED_FLAG] = contact.reference
            messages.success(request, _("Contact %(ref)s was logged.") % {"ref": display_reference(contact.reference)})
            return redirect("contacts:detail", reference=contact.reference)
    return render(request, "hotline/contact_form.html", {"form": form, "log_languages": LOG_LANGUAGES})


def _detail_context(request, contact, **forms):
    operators = list(services.operators_of(contact.organisation))
    earlier = list(access.earlier_contacts(contact).only("reference", "started_at", "channel", "outcome")[:20])
    return {
        "contact": contact,
        "display_reference": display_reference(contact.reference),
        "earlier": earlier,
        "earlier_count": access.earlier_contacts(contact).count(),
        "indicators": catalogue.labels(catalogue.INDICATORS, contact.indicators),
        "forms_of_exploitation": catalogue.labels(catalogue.EXPLOITATION_FORMS, contact.exploitation_forms),
        "country": catalogue.labels(catalogue.COUNTRIES, [contact.country] if contact.country else []),
        "shared": [ShareCategory(c).label for c in contact.shared_categories or [] if c in ShareCategory.values],
        "notes": contact.notes.select_related("author"),
        "tasks": contact.tasks.select_related("assigned_to"),
        "note_form": forms.get("note_form") or NoteForm(),
        "assign_form": forms.get("assign_form") or AssignForm(operators=operators,
                                                             initial={"assigned_to": contact.assigned_to_id}),
        "task_form": forms.get("task_form") or TaskForm(operators=operators, initial={"assigned_to": request.user.pk}),
        "may_open_client": contact.client_id is None and contact.caller_choice != CallerChoice.ANONYMOUS,
        "clear_draft": request.session.pop(SAVED_FLAG, None) == contact.reference,
        "log_languages": LOG_LANGUAGES,
    }


@require_http_methods(["GET", "POST"])
def contact_detail(request, reference):
    actor = request.actor
    contact = access.get_contact(actor, reference)
    forms = {}
    if request.method == "POST":
        action = request.POST.get("action")
        operators = list(services.operators_of(contact.organisation))
        form_classes = {"note": (NoteForm, {}), "assign": (AssignForm, {"operators": operators}),
                        "task": (TaskForm, {"operators": operators})}
        if action not in form_classes:
            raise Http404
        form_class, kwargs = form_classes[action]
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                if action == "note":
                    services.add_note(actor, contact, form.cleaned_data["text"])
                    messages.success(request, _("The note was added."))
                elif action == "assign":
                    services.assign_contact(actor, contact, form.cleaned_data["assigned_to"])
                    messages.success(request, _("The contact was assigned."))
                else:
                    services.add_follow_up_task(actor, contact, form.cleaned_data["title"], form.cleaned_data["due"],
                                                form.cleaned_data["assigned_to"])
                    messages.success(request, _("The task was added; it shows in the task list."))
                return redirect("contacts:detail", reference=contact.reference)
            except ValidationError as exc:
                _errors_to_form(form, exc)
        forms[f"{action}_form"] = form
    return render(request, "hotline/contact_detail.html", _detail_context(request, contact, **forms))


@require_http_methods(["GET", "POST"])
def refer_contact(request, reference):
    """Refer the caller to a service provider, carrying only what they agreed to."""
    actor = request.actor
    contact = access.get_contact(actor, reference)
    providers = Organisation.objects.filter(kind=OrganisationKind.SERVICE_PROVIDER, is_active=True).order_by("name")
    form = ReferContactForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.refer_contact(actor, contact, form.cleaned_data["recipient"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Referral %(reference)s was sent to %(provider)s.") % {
                "reference": referral.reference, "provider": form.cleaned_data["recipient"].name})
            return redirect("contacts:detail", reference=contact.reference)
    summary = services.contact_summary_for_referral(contact)
    return render(request, "hotline/refer_form.html", {
        "form": form, "contact": contact, "display_reference": display_reference(contact.reference),
        "travels_topics": bool(summary.get("indicators") or summary.get("exploitation_forms")),
        "travels_country": bool(summary.get("country")), "travels_language": bool(summary.get("language")),
        "names_client": "client_case_number" in summary, "log_languages": LOG_LANGUAGES,
    })


@require_POST
def task_done(request, reference, task_id):
    actor = request.actor
    contact = access.get_contact(actor, reference)
    task = FollowUpTask.objects.filter(contact=contact, pk=task_id).first() if str(task_id).isdigit() else None
    if task is None:
        raise Http404
    services.set_task_done(actor, task, request.POST.get("done") != "0")
    messages.success(request, _("The task was updated."))
    return redirect("contacts:detail", reference=contact.reference)


@require_http_methods(["GET", "POST"])
def client_from_contact(request, reference):
    actor = request.actor
    contact = access.get_contact(actor, reference)
    may_carry_contact = ShareCategory.CONTACT in (contact.shared_categories or [])
    form = ClientFromContactForm(request.POST or None, may_carry_contact=may_carry_contact)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        try:
            client = services.open_client_from_contact(actor, contact, data, consent=form.cleaned_data["consent"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Client record %(case)s was opened from the contact.") % {
                "case": client.case_number})
            return redirect("contacts:detail", reference=contact.reference)
    return render(request, "hotline/client_form.html", {
        "form": form, "contact": contact, "display_reference": display_reference(contact.reference),
        "carried_language": ShareCategory.LANGUAGE in (contact.shared_categories or []),
        "anonymous": contact.caller_choice == CallerChoice.ANONYMOUS, "already": contact.client_id is not None,
        "log_languages": LOG_LANGUAGES,
    })
