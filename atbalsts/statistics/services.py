"""Writing the statistical record: called by the stages' services inside their own transaction.

The callers (identification, decisions, rehabilitation, people) compute coarse values from what
they already hold and pass them here; this module imports none of them. ``write`` refuses to run
outside a transaction, so a record never disagrees with the change it reflects.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction

from atbalsts.lib.crypto import normalise
from atbalsts.policy.rules import age_on

from .models import AgeBand, CitizenshipGroup, StatisticalRecord

FIELDS = frozenset(
    f.name for f in StatisticalRecord._meta.concrete_fields if f.name != "id"
)
# Upper bounds: a record is coarse by design; longer lists mean a caller passed free text.
MAX_CODES = 40
MAX_DAYS = 3650

_LATVIA = {"latvija", "latvia", "lv", "lva", "latvijas republika", "republic of latvia", "latviia"}
_BANDS = ((17, AgeBand.MINOR), (24, AgeBand.YOUNG), (34, AgeBand.B25), (44, AgeBand.B35), (54, AgeBand.B45),
          (64, AgeBand.B55))


def month_of(day) -> datetime.date | None:
    if day is None:
        return None
    if isinstance(day, datetime.datetime):
        day = day.date()
    return day.replace(day=1)


def age_band(birth_date: datetime.date | None, on: datetime.date | None) -> str:
    if birth_date is None or on is None:
        return AgeBand.UNKNOWN
    age = age_on(birth_date, on)
    for upper, band in _BANDS:
        if age <= upper:
            return band
    return AgeBand.OLDER


def age_band5(birth_date: datetime.date | None, on: datetime.date | None) -> str:
    """Five-year bands "0-4", "5-9", ... "80-84", then "85+"; "" when unknown."""
    if birth_date is None or on is None:
        return ""
    return band5_of_age(age_on(birth_date, on))


def band5_of_age(age: int | None) -> str:
    if age is None or age < 0:
        return ""
    if age >= 85:
        return "85+"
    low = age - age % 5
    return f"{low}-{low + 4}"


def band_of_age(age: int | None) -> str:
    """The coarse age band (``AgeBand``) of an age in full years."""
    if age is None or age < 0:
        return AgeBand.UNKNOWN
    for upper, band in _BANDS:
        if age <= upper:
            return band
    return AgeBand.OLDER


def citizenship_group(citizenship: str, eu_citizen: bool | None) -> str:
    if normalise(citizenship or "") in _LATVIA:
        return CitizenshipGroup.LATVIA
    if eu_citizen is True:
        return CitizenshipGroup.EU
    if eu_citizen is False:
        return CitizenshipGroup.NON_EU
    return CitizenshipGroup.UNKNOWN


def country_name(text: str) -> str:
    """A country as typed, trimmed and capitalised, so "īrija " and "Īrija" count together."""
    text = " ".join((text or "").split())[:60]
    return text[:1].upper() + text[1:]


def _clean(values: dict) -> dict:
    unknown = set(values) - FIELDS
    if unknown:
        raise ValueError(f"Not a field of the statistical record: {sorted(unknown)}")
    out = dict(values)
    for name in ("exploitation_forms", "exploitation_countries"):
        if name in out:
            out[name] = sorted(set(out[name]))[:MAX_CODES]
    for name in ("opened_month", "recognised_month", "siva_received_month", "course_start_month",
                 "course_end_month"):
        if name in out:
            out[name] = month_of(out[name])
    for name in ("siva_decision_days", "siva_decision_working_days", "course_days"):
        if out.get(name) is not None:
            out[name] = max(0, min(int(out[name]), MAX_DAYS))
    if "citizenship_country" in out:
        out["citizenship_country"] = country_name(out["citizenship_country"])
    return out


def write(ref: str | None, **values) -> str:
    """Create the record (``ref`` empty) or update the named fields of an existing one; return its key.

    The caller keeps the key only in an encrypted field of the case or client."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The statistical record is written only inside the change it reflects.")
    values = _clean(values)
    record = None
    if ref:
        record = StatisticalRecord.objects.filter(pk=_uuid(ref)).first()
    if record is None:
        record = StatisticalRecord.objects.create(**values)
        return str(record.pk)
    for name, value in values.items():
        setattr(record, name, value)
    if values:
        record.save(update_fields=sorted(values))
    return str(record.pk)


def update_person(ref: str, *, sex: str, birth_date, citizenship: str) -> None:
    """The client's sex, date of birth or citizenship changed: refresh the coarse copies."""
    record = StatisticalRecord.objects.filter(pk=_uuid(ref)).first()
    if record is None:
        return
    write(ref, sex=sex or "", age_band=age_band(birth_date, record.opened_month),
          age_band5=age_band5(birth_date, record.opened_month),
          citizenship_group=_keep_eu_group(citizenship, record.citizenship_group),
          citizenship_country=citizenship or "")


def _keep_eu_group(citizenship: str, current: str) -> str:
    # Without the eligibility note at hand, keep what the note said unless the text says Latvia.
    if normalise(citizenship or "") in _LATVIA:
        return CitizenshipGroup.LATVIA
    return current if current != CitizenshipGroup.LATVIA else CitizenshipGroup.UNKNOWN


def _uuid(ref: str):
    try:
        return uuid.UUID(str(ref))
    except ValueError:
        return None
