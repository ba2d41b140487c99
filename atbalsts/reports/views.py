"""Pages: the period report for the provider (form, tables with totals) and its downloads."""

import datetime
import math
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atbalsts.lib import documents
from atbalsts.policy.rules import ruleset_on

from . import access, exports
from .forms import PeriodForm

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request):
    return access.require_reporter(request.actor)


def last_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


# The longest page number the page reads (a report of ~10^6 clients has fewer pages than this).
_PAGE_DIGITS = 6


def page_number(raw: str | None) -> int | None:
    """The page asked for: 1 when none is given, None when the input is not a page number."""
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > _PAGE_DIGITS or int(raw) < 1:
        return None
    return int(raw)


def page_links(page: int, pages: int) -> list[int | None]:
    """The page numbers to link: the first, the last and two either side of ``page``; None
    marks a gap."""
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links: list[int | None] = []
    for n in wanted:
        if links and n - links[-1] > 1:
            links.append(None)
        links.append(n)
    return links


@require_GET
def report(request):
    """The report for a period: the totals of the whole period and one page of client lines (the
    policy's ``report_page_rows``); the downloads hold every line."""
    actor = _actor(request)
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
    else:
        start, end = last_month(timezone.localdate())
        form = PeriodForm({"start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")})
    result, context = None, {}
    if form.is_valid():
        result = access.compute_report(actor, form.cleaned_data["start"], form.cleaned_data["end"])
        per_page = ruleset_on(timezone.localdate()).report_page_rows
        pages = max(1, math.ceil(len(result.lines) / per_page))
        page = page_number(request.GET.get("page"))
        if page is None or page > pages:
            form.add_error(None, _("There is no such page of this report: choose a page number from 1 "
                                   "to %(pages)s.") % {"pages": pages})
            result = None
        else:
            first = (page - 1) * per_page
            lines = result.lines[first:first + per_page]
            access.record_showing(actor, result, lines, page=(page, pages))
            context = {"sections": exports.sections(result, lines), "page": page, "pages": pages,
                       "first_line": first + 1, "last_line": first + len(lines),
                       "previous_page": page - 1 if page > 1 else None,
                       "next_page": page + 1 if page < pages else None,
                       "page_links": page_links(page, pages) if pages > 1 else []}
    return render(request, "reports/report.html", {
        "form": form, "report": result, "sections": [], **context,
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
