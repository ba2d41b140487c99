"""HTCDS 2.0 exchange: the national de-identified dataset out, HTCDS and CTDC files in.

The mapping between the statistical record and the standard's fields is data, in
``data/htcds_mapping.json``; this module only applies it. Everything here works on the
de-identified ``StatisticalRecord``: an imported file gives statistical records and nothing else,
so names or other identifying columns in a file are ignored, never stored.

An import is checked row by row first (every bad row reported with its reason), and only a file
without a bad row is written, in one transaction: a file is imported whole or not at all. The
checking runs in chunks (``advance``) so that a long import shows its progress, from the
management command or the upload page.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.audit.log import record as audit
from atbalsts.audit.models import Action, Purpose

from .models import HtcdsImport, ImportStatus, StatisticalRecord

MAPPING_FILE = Path(__file__).parent / "data" / "htcds_mapping.json"
PROFILES = ("htcds", "ctdc")
FORMATS = ("csv", "json")
# Upper bounds on what an import takes in.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 2_000_000
MAX_REPORTED_ERRORS = 200
MAX_CELL = 200
MAX_LIST = 40
CHUNK = 2000

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_YEAR_BAND = re.compile(r"^(\d{4})(?:-{1,2}(\d{4}))?$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@cache
def mapping() -> dict:
    with MAPPING_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


def columns(profile: str) -> list[dict]:
    return mapping()["profiles"][profile]["columns"]


def export_header() -> list[str]:
    return [c["column"] for c in columns("htcds")]


class RowError(ValueError):
    pass


# --- export -----------------------------------------------------------------------------------

_EXPORT_FIELDS = tuple(dict.fromkeys(c["field"] for c in columns("htcds") if c["field"]))


def _safe(text: str) -> str:
    """A cell a spreadsheet would run as a formula stays text (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell_of(col: dict) -> Callable[[object], str]:
    """How one HTCDS column's cell is made from the record's value (before ``_safe``)."""
    kind = col["kind"]
    if kind == "choice":
        table = col["export"]
        return lambda value: table.get(value or "", "")
    if kind == "citizenship":
        return lambda value: "LV" if value == "latvia" else ""
    if kind == "multi":
        table = col["export"]
        return lambda value: ";".join(sorted({table[c] for c in value or [] if c in table}))
    if kind == "list":
        return lambda value: ";".join(str(v) for v in value or [])
    if kind == "month":
        return lambda value: value.isoformat() if value else ""
    if kind == "days":
        return lambda value: "" if value is None else str(int(value))
    return lambda value: ""


@cache
def _exporters() -> tuple[tuple[str | None, Callable[[object], str]], ...]:
    """(field, cell maker) per HTCDS column, in order: the mapping read once, not per row (the
    national dataset maps a million rows)."""
    return tuple((col["field"], _cell_of(col)) for col in columns("htcds"))


def export_row(values: dict) -> list[str]:
    """One statistical record's values as the cells of the HTCDS columns, in order."""
    return [_safe(cell(values.get(name))) for name, cell in _exporters()]


def national_rows(records=None) -> Iterator[list[str]]:
    """The header, then one row per statistical record, read from the database in chunks."""
    records = StatisticalRecord.objects.all() if records is None else records
    yield export_header()
    for values in records.order_by().values(*_EXPORT_FIELDS).iterator(chunk_size=CHUNK):
        yield export_row(values)


def national_csv(records=None) -> Iterator[str]:
    """The national de-identified dataset as CSV text, a line at a time: never the whole set in
    memory. Unprotected: inside the system only (round trips, benchmarks). What leaves the system
    is ``anonymity.national_export`` (k-anonymous, months as years)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in national_rows(records):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def case_record(person: dict, case: dict) -> dict:
    """One provider's case as an HTCDS 2.0 record (for a referral under the person's consent).

    ``person``: given_names, surname, birth_date, sex, citizenship; ``case``: the statistical
    values of the case (as in StatisticalRecord). The caller has checked the consent."""
    row = dict(zip(export_header(), export_row(case), strict=True))
    row = {k: v for k, v in row.items() if not k.startswith("ext_") and v}
    born = person.get("birth_date")
    row.update({
        "prs_FirstName": person.get("given_names") or "",
        "prs_SecondName": person.get("surname") or "",
        "prs_Birthdate": born.isoformat() if born else "",
        "prs_Gender": row.get("prs_Gender") or "",
    })
    # The client's citizenship is typed text: sent only when it is an ISO code, else the record's LV.
    citizenship = (person.get("citizenship") or "").strip().upper()
    if _COUNTRY_CODE.match(citizenship):
        row["prs_Citizenship"] = citizenship
    return {"standard": "HTCDS 2.0", "record": {k: v for k, v in row.items() if v}}


# --- import: parsing and checking -------------------------------------------------------------

def parse(content: bytes, file_format: str) -> Iterator[tuple[int, dict | None]]:
    """(row number as a person counts it, the row's cells), or None for a row that is not a record."""
    text = content.decode("utf-8-sig")
    if file_format == "csv":
        reader = csv.DictReader(io.StringIO(text))
        for number, row in enumerate(reader, start=2):
            if None in row:  # more cells than the header has columns
                yield number, None
            else:
                yield number, row
        return
    data = json.loads(text)
    if isinstance(data, dict):
        data = data.get("records", data.get("record"))
        data = [data] if isinstance(data, dict) else data
    if not isinstance(data, list):
        raise ValidationError(_("The JSON file holds no list of records."))
    for number, item in enumerate(data, start=1):
        yield number, item if isinstance(item, dict) else None


def check_file(content: bytes, file_format: str, profile: str) -> int:
    """The number of rows, or ValidationError with a message for the person who chose the file."""
    if profile not in PROFILES or file_format not in FORMATS:
        raise ValidationError(_("Choose the file's layout and format."))
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    try:
        known = {c["column"] for c in columns(profile)}
        count, seen = 0, set()
        for _number, row in parse(content, file_format):
            count += 1
            if row:
                seen.update(row)
            if count > MAX_ROWS:
                raise ValidationError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise ValidationError(_("The file cannot be read as UTF-8 %(format)s.")
                              % {"format": file_format.upper()}) from exc
    if count == 0:
        raise ValidationError(_("The file has no rows."))
    if not seen & known:
        raise ValidationError(_("No column of the %(layout)s layout was found in the file.")
                              % {"layout": mapping()["profiles"][profile]["label"]})
    return count


def _cell(raw: dict, column: str) -> str:
    value = raw.get(column)
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    value = str(value).strip()
    if len(value) > MAX_CELL:
        raise RowError(_("column %(column)s is longer than %(n)d characters") % {"column": column, "n": MAX_CELL})
    return value


def _month(column: str, value: str) -> datetime.date:
    if len(value) == 4 and value.isdigit():  # the published dataset gives months as years
        value = f"{value}-01-01"
    try:
        day = datetime.date.fromisoformat(value if len(value) > 7 else f"{value}-01")
    except ValueError as exc:
        raise RowError(_("column %(column)s: “%(value)s” is not a date (YYYY-MM-DD)")
                       % {"column": column, "value": value}) from exc
    if not 1900 <= day.year <= 2100:
        raise RowError(_("column %(column)s: the year %(year)d is out of range") % {"column": column, "year": day.year})
    return day.replace(day=1)


def convert(raw: dict, profile: str) -> dict:
    """The statistical record's values for one row, or RowError saying what is wrong."""
    values: dict = {}
    for col in columns(profile):
        kind, field, column = col["kind"], col["field"], col["column"]
        if kind == "ignored" or column not in raw:
            continue
        value = _cell(raw, column)
        if not value:
            continue
        if kind == "choice":
            if value not in col["import"]:
                raise RowError(_("column %(column)s: “%(value)s” is not one of %(allowed)s")
                               % {"column": column, "value": value, "allowed": ", ".join(col["import"])})
            target = col["import"][value]
            if field in ("exploitation_countries", "exploitation_forms"):
                values.setdefault(field, []).append(target)
            else:
                values[field] = target
        elif kind == "multi":
            parts = [p.strip() for p in value.split(";") if p.strip()]
            bad = [p for p in parts if p not in col["import"]]
            if bad:
                raise RowError(_("column %(column)s: “%(value)s” is not one of %(allowed)s")
                               % {"column": column, "value": bad[0], "allowed": ", ".join(col["import"])})
            values[field] = sorted({*values.get(field, []), *(col["import"][p] for p in parts)})
        elif kind == "citizenship":
            codes = [p.strip().upper() for p in value.split(";") if p.strip()]
            bad = [c for c in codes if not _COUNTRY_CODE.match(c)]
            if bad:
                raise RowError(_("column %(column)s: “%(value)s” is not a two-letter country code")
                               % {"column": column, "value": bad[0]})
            eu = set(mapping()["eu_countries"])
            values[field] = "latvia" if "LV" in codes else "eu" if set(codes) & eu else "non_eu"
        elif kind == "list":
            parts = [p.strip()[:60] for p in value.split(";") if p.strip()]
            values[field] = parts[:MAX_LIST]
        elif kind == "month":
            values[field] = _month(column, value)
        elif kind == "days":
            if not value.isdigit() or int(value) > 3650:
                raise RowError(_("column %(column)s: “%(value)s” is not a number of days from 0 to 3650")
                               % {"column": column, "value": value})
            values[field] = int(value)
        elif kind == "flag":
            if value != "1":
                raise RowError(_("column %(column)s: “%(value)s” is neither 1 nor empty")
                               % {"column": column, "value": value})
            values[field] = sorted({*values.get(field, []), col["code"]})
        elif kind == "year_band":
            match = _YEAR_BAND.match(value)
            if not match:
                raise RowError(_("column %(column)s: “%(value)s” is not a year or a range of years")
                               % {"column": column, "value": value})
            values[field] = _month(column, f"{match.group(1)}-01-01")
    return values


def _rows(content: bytes, file_format: str, start: int = 0,
          stop: int | None = None) -> Iterator[tuple[int, dict | None]]:
    for index, item in enumerate(parse(content, file_format)):
        if index < start:
            continue
        if stop is not None and index >= stop:
            return
        yield item


# --- import: the stored job -------------------------------------------------------------------

def sandbox_organisation(name: str, *, create: bool = False):
    """The sandbox organisation of that name (created when asked); refuses a real organisation."""
    organisation = (Organisation.objects.filter(name=name).first()
                    or Organisation.objects.filter(short_name=name).first())
    if organisation is None:
        if not create:
            raise ValidationError(_("There is no organisation called “%(name)s”.") % {"name": name})
        return Organisation.objects.create(name=name[:200], kind=OrganisationKind.OTHER, is_sandbox=True)
    if not organisation.is_sandbox:
        raise ValidationError(_("“%(name)s” is a real organisation: files are imported only into a sandbox.")
                              % {"name": organisation})
    return organisation


def start_import(actor, organisation, content: bytes, *, file_format: str, profile: str) -> HtcdsImport:
    """Check the file's shape and keep it, encrypted, for the row checks that follow."""
    if not organisation.is_sandbox:
        raise ValidationError(_("Files are imported only into a sandbox organisation."))
    total = check_file(content, file_format, profile)
    with transaction.atomic():
        job = HtcdsImport.objects.create(
            organisation=organisation, started_by=getattr(actor, "user", None), profile=profile,
            file_format=file_format, content=content, rows_total=total,
        )
        audit(actor, Action.CREATE, object_type="htcds_import", object_ref=str(job.pk), purpose=Purpose.ADMINISTRATION,
              detail={"organisation": organisation.pk, "rows": total, "profile": profile})
    return job


def advance(job: HtcdsImport, rows: int = CHUNK) -> HtcdsImport:
    """Check the next ``rows`` rows; after the last one, write every record in one transaction (or
    refuse the whole file if any row was bad). Safe to call again on a finished import."""
    with transaction.atomic():
        job = HtcdsImport.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.VALIDATING:
            return job
        content = bytes(job.content)
        errors = list(job.errors)
        for number, raw in _rows(content, job.file_format, job.rows_checked, job.rows_checked + rows):
            job.rows_checked += 1
            try:
                if raw is None:
                    raise RowError(_("the row is not a record (too many cells, or not an object)"))
                convert(raw, job.profile)
            except RowError as exc:
                job.error_count += 1
                if len(errors) < MAX_REPORTED_ERRORS:
                    errors.append({"row": number, "reason": str(exc)})
        job.errors = errors
        if job.rows_checked >= job.rows_total:
            _finish(job, content)
        job.save()
    return job


def _finish(job: HtcdsImport, content: bytes) -> None:
    if job.error_count == 0:
        batch: list[StatisticalRecord] = []
        for _number, raw in _rows(content, job.file_format):
            batch.append(StatisticalRecord(import_batch=job.pk, **convert(raw, job.profile)))
            if len(batch) >= CHUNK:
                StatisticalRecord.objects.bulk_create(batch)
                job.rows_imported += len(batch)
                batch = []
        StatisticalRecord.objects.bulk_create(batch)
        job.rows_imported += len(batch)
        job.status = ImportStatus.DONE
    else:
        job.status = ImportStatus.FAILED
    job.content = None
    job.finished_at = timezone.now()
    audit(None, Action.UPDATE, object_type="htcds_import", object_ref=str(job.pk), purpose=Purpose.ADMINISTRATION,
          detail={"status": job.status, "imported": job.rows_imported, "bad_rows": job.error_count})


def run(job: HtcdsImport, *, every: int = CHUNK, progress: Callable[[HtcdsImport], None] | None = None) -> HtcdsImport:
    while job.status == ImportStatus.VALIDATING:
        job = advance(job, every)
        if progress:
            progress(job)
    return job


def import_records(records: Iterable[dict], organisation, *, actor=None) -> HtcdsImport:
    """Import rows already in HTCDS columns (for the round trip and tests)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=export_header(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    job = start_import(actor, organisation, buffer.getvalue().encode(), file_format="csv", profile="htcds")
    return run(job)
