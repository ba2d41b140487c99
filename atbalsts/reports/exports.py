"""The report as one flat table (fixed columns, a totals row), and as CSV, XLSX and PDF."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from atbalsts.lib import documents
from atbalsts.lib.numbers import money
from atbalsts.rehabilitation.models import GoodsCategory, ServiceKind, Specialist, SupportKind

from .compute import GOODS, Line, Report

PDF_STYLESHEETS = ("identification/document.css", "reports/report.css")


def specialist_label(code: str) -> str:
    return str(dict(Specialist.choices).get(code, code))


def cost_label(code: str) -> str:
    if code.startswith("goods_"):
        category = dict(GoodsCategory.choices).get(code[len("goods_"):], code)
        return f"{ServiceKind(GOODS).label}: {category}"
    return str(dict(ServiceKind.choices).get(code, code))


def support_label(code: str) -> str:
    return str(dict(SupportKind.choices).get(code, code))


def _with_extra(fixed: list[str], found: list[str]) -> list[str]:
    return fixed + [k for k in found if k not in fixed]


Column = tuple[str, str, Callable[[Line], object]]


def columns(report: Report) -> list[Column]:
    """(code, label, value) for every column, the same set in every file whatever the period,
    plus any code the period holds that the lists above do not know."""
    cols: list[Column] = [
        ("case_number", _("Case number"), lambda ln: ln.case_number),
        ("course_days", _("Course days in the period"), lambda ln: ln.course_days),
    ]
    for code in _with_extra(list(Specialist.values), report.keys("consultations")):
        who = specialist_label(code)
        cols.append((f"consultations_{code}", _("Consultations: %(who)s") % {"who": who},
                     lambda ln, c=code: ln.consultations.get(c, 0)))
        cols.append((f"consultation_hours_{code}", _("Consultation hours: %(who)s") % {"who": who},
                     lambda ln, c=code: ln.consultation_hours.get(c, Decimal(0))))
    cols += [
        ("consultations_total", _("Consultations, total"), lambda ln: ln.consultations_total),
        ("consultation_hours_total", _("Consultation hours, total"), lambda ln: ln.consultation_hours_total),
        ("shelter_nights", _("Shelter nights (the client)"), lambda ln: ln.shelter_nights),
        ("children_nights", _("Shelter nights (accompanying children)"), lambda ln: ln.children_nights),
    ]
    fixed_costs = [f"goods_{c}" for c in GoodsCategory.values] + [k for k in ServiceKind.values if k != GOODS]
    for code in _with_extra(fixed_costs, report.keys("costs")):
        cols.append((f"costs_{code}", _("Costs, EUR: %(category)s") % {"category": cost_label(code)},
                     lambda ln, c=code: ln.costs.get(c, Decimal(0))))
    cols += [
        ("costs_total", _("Costs, EUR, total"), lambda ln: ln.costs_total),
        ("aftercare_consultations", _("After-care consultations"), lambda ln: ln.aftercare_consultations),
        ("aftercare_hours", _("After-care consultation hours"), lambda ln: ln.aftercare_hours),
        ("family_consultations", _("Family members' consultations"), lambda ln: ln.family_consultations),
        ("family_hours", _("Family members' consultation hours"), lambda ln: ln.family_hours),
    ]
    for code in _with_extra(list(SupportKind.values), report.keys("proceedings_hours")):
        label = _("Proceedings support hours: %(kind)s") % {"kind": support_label(code)}
        cols.append((f"proceedings_hours_{code}", label,
                     lambda ln, c=code: ln.proceedings_hours.get(c, Decimal(0))))
    cols.append(("proceedings_hours_total", _("Proceedings support hours, total"),
                 lambda ln: ln.proceedings_hours_total))
    return cols


def table(report: Report) -> tuple[list[str], list[list[object]]]:
    """The header and the rows: one per client, then the totals row."""
    cols = columns(report)
    rows = [[value(ln) for _code, _label, value in cols] for ln in report.lines]
    total = [value(report.total) for _code, _label, value in cols]
    total[0] = _("Total")
    return [label for _code, label, _value in cols], [*rows, total]


def _safe(cell: object) -> object:
    """Text that a spreadsheet would run as a formula is kept as text (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _plain(cell: object) -> object:
    if isinstance(cell, Decimal):
        return f"{cell:.2f}"
    return cell


def filename(report: Report, organisation, extension: str) -> str:
    name = getattr(organisation, "short_name", "") or getattr(organisation, "name", "") or "provider"
    return f"atskaite-{name}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{extension}".replace(" ", "-")


def to_csv(report: Report) -> bytes:
    header, rows = table(report)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(h) for h in header])
    for row in rows:
        writer.writerow([_safe(_plain(c)) for c in row])
    # A byte-order mark, so spreadsheet programs read the Latvian letters as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: Report, organisation) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = table(report)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    sheet.append([str(organisation), f"{report.start:%d.%m.%Y} – {report.end:%d.%m.%Y}"])
    sheet.append([_safe(h) for h in header])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        # Decimals as numbers with two places, so the sheet can add them up.
        sheet.append([float(c) if isinstance(c, Decimal) else _safe(c) for c in row])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    money_columns = {i for i, (code, _label, _value) in enumerate(columns(report)) if code.startswith("costs_")}
    for row in sheet.iter_rows(min_row=3):
        for i, cell in enumerate(row):
            if isinstance(cell.value, float):
                # The spreadsheet shows money with the euro sign in the reader's own separators.
                cell.number_format = '#,##0.00 "€"' if i in money_columns else "0.00"
    sheet.freeze_panes = "B3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]
    total: list[str]


def _shown(cell: object, code: str = "") -> str:
    if isinstance(cell, Decimal):
        return money(cell) if code.startswith("costs_") else number_format(cell, 2)
    return str(cell)


def sections(report: Report, lines: list[Line] | None = None) -> list[Section]:
    """The page's (and the PDF's) tables: one per part of the report, only the columns the period
    holds figures for, a totals row in each (always the whole period's). ``lines``: the client
    lines to show (a page of the report; default every line)."""
    lines = report.lines if lines is None else lines
    cols = {code: (label, value) for code, label, value in columns(report)}
    parts = [
        (_("Course days and shelter"), ("course_days", "shelter_nights", "children_nights")),
        (_("Consultations by specialist"), ("consultations_", "consultation_hours_")),
        (_("Costs by category, EUR"), ("costs_",)),
        (_("After-care and criminal-proceedings support"), ("aftercare_", "family_", "proceedings_hours_")),
    ]
    result = []
    for title, prefixes in parts:
        codes = [c for c in cols if c.startswith(prefixes) and cols[c][1](report.total)]
        header = [_("Case number"), *(cols[c][0] for c in codes)]
        rows = [[ln.case_number, *(_shown(cols[c][1](ln), c) for c in codes)] for ln in lines] if codes else []
        total = [_("Total"), *(_shown(cols[c][1](report.total), c) for c in codes)]
        result.append(Section(title, header, rows, total))
    return result


def to_pdf(report: Report, organisation) -> bytes:
    """The report as a PDF/A in Latvian, the language of the claim to SIVA."""
    with translation.override("lv"):
        parts = sections(report)
    return documents.render_pdf("reports/report_pdf.html",
                                {"report": report, "organisation": organisation, "sections": parts},
                                stylesheets=PDF_STYLESHEETS, language="lv")
