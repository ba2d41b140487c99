"""Pages: the figures dashboard (the coordinator's start page) and the downloads."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atbalsts.lib import documents

from . import access, anonymity, dashboard, exports, figures, reports
from .forms import PeriodForm
from .models import StatisticalRecord

LAYOUTS = ("eurostat", "glotip", "greta")


def _period(request):
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    if not request.GET:
        return form, dashboard.default_period(timezone.localdate())
    return form, (form.cleaned_data["result"] if form.is_valid() else None)


@require_GET
def dashboard_page(request):
    viewer = access.require_viewer(request.actor)
    form, period = _period(request)
    if period is None:
        return render(request, "statistics/dashboard.html", {"form": form, "viewer": viewer}, status=400)
    board = dashboard.build(viewer, period)
    access.record_showing(viewer, period.code, tables=[t.code for t in board.all_tables()])
    return render(request, "statistics/dashboard.html", {
        "form": form, "viewer": viewer, "board": board, "legend": exports.legend(board.threshold),
        "query": request.GET.urlencode(),
    })


@require_GET
def download(request, what, fmt):
    viewer = access.require_viewer(request.actor)
    if what not in ("all", *LAYOUTS):
        raise Http404
    form, period = _period(request)
    if period is None:
        return render(request, "statistics/dashboard.html", {"form": form, "viewer": viewer}, status=400)
    if what == "all":
        tables = dashboard.build(viewer, period, charts_too=False).all_tables()
        heading = _("National statistics") if viewer.protected else _("Your organisation's figures")
        title = f"{heading} — {period.label}"
    else:
        tables = [reports.publish(reports.LAYOUTS[what](figures.Scope(period, viewer.organisation_id)), viewer)]
        title = f"{tables[0].title} — {period.label}"
    access.record_showing(viewer, period.code, export=fmt, tables=[t.code for t in tables])
    if fmt == "csv":
        return documents.download(exports.to_csv(tables, title), exports.CSV,
                                  exports.filename(period.code, what, "csv"))
    return documents.download(exports.to_xlsx(tables, title), exports.XLSX, exports.filename(period.code, what, "xlsx"))


@require_GET
def report_pdf(request):
    """The national report as PDF/A, in Latvian (the language it is filed in) or English."""
    viewer = access.require_viewer(request.actor)
    form, period = _period(request)
    if period is None:
        return render(request, "statistics/dashboard.html", {"form": form, "viewer": viewer}, status=400)
    language = "en" if request.GET.get("lang") == "en" else "lv"
    with translation.override(language):
        board = dashboard.build(viewer, period)
    access.record_showing(viewer, period.code, export="pdf", tables=[t.code for t in board.all_tables()])
    return documents.download(exports.to_pdf(board, language), documents.PDF,
                              exports.filename(period.code, "zinojums", "pdf"))


def _national_export(request):
    """The k-anonymous national HTCDS dataset of the real organisations' records (the national
    statistician only; a provider's administrator has its own cases already)."""
    viewer = access.require_viewer(request.actor)
    if not viewer.protected:
        raise Http404
    records = StatisticalRecord.objects.filter(import_batch__isnull=True)
    return viewer, anonymity.national_export(records, threshold=reports.threshold())


def _refused(exc: ValidationError) -> HttpResponse:
    return HttpResponse(" ".join(exc.messages), content_type="text/plain; charset=utf-8", status=409)


@require_GET
def htcds_national(request):
    """The national de-identified dataset (HTCDS 2.0 CSV), k-anonymous; streamed a line at a time."""
    try:
        viewer, export = _national_export(request)
    except ValidationError as exc:
        return _refused(exc)
    access.record_showing(viewer, "htcds", export="csv", tables=["htcds_national"], detail=export.summary)
    response = StreamingHttpResponse(export.lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="htcds-national.csv"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def htcds_national_metadata(request):
    """What the national dataset's disclosure control did: k, rows, values blanked per column."""
    try:
        viewer, export = _national_export(request)
    except ValidationError as exc:
        return _refused(exc)
    access.record_showing(viewer, "htcds", export="json", tables=["htcds_national_metadata"])
    return documents.download(json.dumps(export.summary, indent=2).encode(), "application/json",
                              "htcds-national-metadata.json")
