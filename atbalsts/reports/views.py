"""Pages: the period report for the provider (form, tables with totals) and its downloads."""

import datetime
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from atbalsts.lib import documents

from . import access, exports
from .forms import PeriodForm

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request):
    return access.require_reporter(request.actor)


def last_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


@require_GET
def report(request):
    actor = _actor(request)
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
    else:
        start, end = last_month(timezone.localdate())
        form = PeriodForm({"start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")})
    result = None
    if form.is_valid():
        result = access.period_report(actor, form.cleaned_data["start"], form.cleaned_data["end"])
    return render(request, "reports/report.html", {
        "form": form, "report": result, "sections": exports.sections(result) if result else [],
        "organisation": actor.organisation, "whole_organisation": access.sees_whole_organisation(actor),
        "query": urlencode({"start": f"{result.start:%d.%m.%Y}", "end": f"{result.end:%d.%m.%Y}"}) if result else "",
    }, status=400 if form.errors else 200)


@require_GET
def download(request, fmt):
    actor = _actor(request)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form, "organisation": actor.organisation},
                      status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    result = access.period_report(actor, start, end, export=fmt)
    org = actor.organisation
    if fmt == "csv":
        return documents.download(exports.to_csv(result), CSV, exports.filename(result, org, "csv"))
    if fmt == "xlsx":
        return documents.download(exports.to_xlsx(result, org), XLSX, exports.filename(result, org, "xlsx"))
    return documents.download(exports.to_pdf(result, org), documents.PDF, exports.filename(result, org, "pdf"))
