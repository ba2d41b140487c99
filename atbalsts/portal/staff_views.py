from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .access import get_report, inbox
from .forms import TriageForm
from .models import TriageStatus
from .reference import display_reference
from .services import set_triage_status


@require_http_methods(["GET"])
def inbox_page(request):
    status = request.GET.get("status")
    if status not in TriageStatus.values:
        status = None
    reports = inbox(request.actor, status)
    return render(
        request,
        "portal/staff/inbox.html",
        {"reports": reports, "statuses": TriageStatus.choices, "status": status},
    )


@require_http_methods(["GET", "POST"])
def report_page(request, reference):
    report = get_report(request.actor, reference)
    if request.method == "POST":
        form = TriageForm(request.POST)
        if form.is_valid():
            set_triage_status(request.actor, report, form.cleaned_data["status"])
            messages.success(request, _("The triage status was saved."))
            return redirect("hotline:report", reference=report.reference)
    else:
        form = TriageForm(initial={"status": report.status})
    return render(
        request,
        "portal/staff/report.html",
        {"report": report, "form": form, "display_reference": display_reference(report.reference)},
    )
