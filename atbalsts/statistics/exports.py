"""Published tables as CSV, XLSX and the yearly national report as PDF/A.

Only :class:`ProtectedTable` objects come in (they passed ``reports.publish``). A suppressed cell
is written ``x``, an unknown one is left empty, a known none is ``0``. Text a spreadsheet would
run as a formula is written as text (CSV injection): labels include country names typed by staff.
"""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from atbalsts.lib import documents

from . import published
from .layout import SUPPRESSED, ProtectedTable

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_STYLESHEETS = ("identification/document.css", "statistics/report.css")
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe(cell: object) -> object:
    """A text cell that starts like a formula is kept as text."""
    if isinstance(cell, str) and cell[:1] in _FORMULA:
        return "'" + cell
    return cell


def shown(cell: object) -> object:
    if cell is SUPPRESSED:
        return "x"
    if cell is None:
        return ""
    return cell


def lines(table: ProtectedTable, totals: bool) -> list[list[object]]:
    header = ["", *table.columns] + ([_("Total")] if totals else [])
    out = [header]
    for i, label in enumerate(table.rows):
        out.append([label, *(shown(c) for c in table.cells[i])] + ([shown(table.row_totals[i])] if totals else []))
    if totals:
        out.append([_("Total"), *(shown(c) for c in table.column_totals), shown(table.grand_total)])
    return out


def with_totals(table: ProtectedTable) -> bool:
    from .reports import OVERLAPPING

    return table.code not in OVERLAPPING and len(table.rows) > 1


def legend(threshold: int) -> str:
    if not threshold:
        return _("Your organisation's own figures, not suppressed: not for publication.")
    return _("x = suppressed (fewer than %(n)s, or hidden so that a small count cannot be worked out from "
             "the totals); empty = unknown; 0 = known none.") % {"n": threshold}


def to_csv(tables: list[ProtectedTable], title: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe(title)])
    writer.writerow([safe(legend(tables[0].threshold if tables else 0))])
    for table in tables:
        writer.writerow([])
        writer.writerow([safe(table.title)])
        for line in lines(table, with_totals(table)):
            writer.writerow([safe(c) for c in line])
        if table.note:
            writer.writerow([safe(table.note)])
    # A byte-order mark, so spreadsheet programs read the Latvian letters as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(tables: list[ProtectedTable], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        name = (table.code or "table")[:28]
        while name in used:
            name = name[:26] + f"_{len(used)}"
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([safe(title)])
        sheet.append([safe(table.title)])
        sheet["A1"].font = sheet["A2"].font = Font(bold=True)
        for line in lines(table, with_totals(table)):
            sheet.append([safe(c) for c in line])
        sheet.append([])
        sheet.append([safe(legend(table.threshold))])
        if table.note:
            sheet.append([safe(table.note)])
        sheet.column_dimensions["A"].width = 48
    if not tables:
        book.create_sheet("empty")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


REPORT_TEMPLATE = "statistics/report_pdf.html"


def _report_context(board, language: str) -> dict:
    with translation.override(language):
        return {"board": board, "legend": legend(board.threshold), "published_source": published.SOURCE,
                "published_file_date": published.FILE_DATE}


def report_html(board, language: str = "lv") -> str:
    """The yearly national report's HTML, exactly as ``to_pdf`` renders it to PDF/A."""
    with translation.override(language):
        return render_to_string(REPORT_TEMPLATE, _report_context(board, language))


def to_pdf(board, language: str = "lv") -> bytes:
    """The yearly national report: every published table, the charts, the published series (as a
    chart line and as the table of Latvia's UNODC figures, with their source)."""
    return documents.render_pdf(REPORT_TEMPLATE, _report_context(board, language), stylesheets=PDF_STYLESHEETS,
                                language=language)


def filename(period_code: str, what: str, extension: str) -> str:
    return f"statistika-{what}-{period_code}.{extension}"
