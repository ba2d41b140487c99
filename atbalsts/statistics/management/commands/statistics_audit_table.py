"""``manage.py statistics_audit_table TABLE.csv``: would this table be safe to publish?

The CSV is laid out as the reports write it (``ProtectedTable.rows``): a header row of column
labels, one row per row label, the last column the row totals and the last row the column
totals with the grand total in its corner. A suppressed figure is ``x`` (``--symbol``), an
unknown one is blank. Commas, semicolons or tabs separate the fields.

Prints every suppressed figure's interval a reader can work out and every problem; exits with
status 1 when the table fails (a published count from 1 to threshold − 1, or a suppressed
figure that can be narrowed to fewer than ``threshold`` values).
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atbalsts.policy.disclosure import MAX_THRESHOLD
from atbalsts.statistics.auditor import audit, describe, format_bound
from atbalsts.statistics.disclosure import SUPPRESSED, SUPPRESSED_SYMBOL, ProtectedTable
from atbalsts.statistics.releases import rules_for
from atbalsts.statistics.tables import MAX_CELL, MAX_DIMENSION

MAX_BYTES = 2_000_000


def _figure(text: str, symbol: str, where: str):
    text = text.strip()
    if text == "":
        return None
    if text.casefold() == symbol.casefold():
        return SUPPRESSED
    try:
        value = int(text.replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        raise CommandError(f"{where}: {text!r} is neither a whole number, {symbol!r} nor blank.") from None
    if not 0 <= value <= MAX_CELL:
        raise CommandError(f"{where}: a count must be between 0 and {MAX_CELL}, not {value}.")
    return value


def read_table(path: Path, symbol: str) -> ProtectedTable:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
    if len(raw) > MAX_BYTES:
        raise CommandError(f"{path} is larger than {MAX_BYTES} bytes; a table to audit is smaller.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text.") from None
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(text.splitlines(), dialect) if any(cell.strip() for cell in row)]
    if len(rows) < 3 or len(rows[0]) < 3:
        raise CommandError("The table needs a header row, at least one row of counts and a row of totals, "
                           "each with a label, at least one count and a total.")
    width = len(rows[0])
    for n, row in enumerate(rows, start=1):
        if len(row) != width:
            raise CommandError(f"Line {n} has {len(row)} fields; the header has {width}.")
    if len(rows) - 2 > MAX_DIMENSION or width - 2 > MAX_DIMENSION:
        raise CommandError(f"A table may have at most {MAX_DIMENSION} rows and {MAX_DIMENSION} columns.")
    figures = [[_figure(cell, symbol, f"Line {n}, field {k}") for k, cell in enumerate(row[1:], start=2)]
               for n, row in enumerate(rows[1:], start=2)]
    body = figures[:-1]
    return ProtectedTable(
        title=path.name,
        row_labels=[row[0] for row in rows[1:-1]],
        col_labels=rows[0][1:-1],
        cells=[row[:-1] for row in body],
        row_totals=[row[-1] for row in body],
        col_totals=figures[-1][:-1],
        grand_total=figures[-1][-1],
        threshold=0,
    )


class Command(BaseCommand):
    help = "Audit a published table (CSV) for disclosure: small counts and recoverable suppressed cells."

    def add_arguments(self, parser):
        parser.add_argument("csv", help="The table as CSV, in the layout the reports write.")
        parser.add_argument("--threshold", type=int, default=None,
                            help="The threshold (default: the policy's for --year).")
        parser.add_argument("--year", type=int, default=None,
                            help="The year the figures describe, for the policy's threshold (default: this year).")
        parser.add_argument("--symbol", default=SUPPRESSED_SYMBOL, help="The symbol of a suppressed figure.")

    def handle(self, *args, **options):
        from django.utils import timezone

        threshold = options["threshold"]
        if threshold is None:
            year = options["year"] or timezone.localdate().year
            try:
                threshold = rules_for(year).threshold
            except (LookupError, ValueError):
                raise CommandError(f"No publication rules are known for the year {year}.") from None
        if not 1 <= threshold <= MAX_THRESHOLD:
            raise CommandError(f"--threshold must be from 1 to {MAX_THRESHOLD}, not {threshold}.")
        table = read_table(Path(options["csv"]), options["symbol"])
        report = audit(table, threshold=threshold)
        self.stdout.write(f"Threshold: {threshold}")
        for pos, (low, high) in report.intervals.items():
            bounds = f"{format_bound(low)}–{format_bound(high)}"
            self.stdout.write(f"  suppressed {describe(table, pos)}: a reader can tell {bounds}")
        if report.ok:
            self.stdout.write(self.style.SUCCESS("PASS: safe to publish under this threshold."))
            return
        for problem in report.problems:
            self.stdout.write(self.style.ERROR(f"  {problem}"))
        raise CommandError(f"FAIL: {len(report.problems)} problem(s); do not publish this table.")

