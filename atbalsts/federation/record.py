"""The referral's data set: HTCDS 2.0 field names, codes only (no free text but a first name and
a phone number, which the person agreed to send). One function checks it on both sides: the form
that builds an outbound package and the endpoint that reads an inbound one."""

from __future__ import annotations

import datetime
import re
from typing import Any

from . import catalogue

# HTCDS field -> what it holds. Our own additions carry the prefix ``atb_`` (HTCDS has no field
# for them); a receiver that does not know them may ignore them.
SINGLE_CODES: dict[str, type] = {
    "prs_Gender": catalogue.Gender,
    "prs_PrimaryLanguage": catalogue.Language,
    "vic_TraffickingStatus": catalogue.TraffickingStatus,
    "cas_ReasonForOutgoingReferral": catalogue.ReferralReason,
}
MULTI_CODES: dict[str, type] = {
    "prs_Citizenship": catalogue.Country,
    "vic_TypeOfExploitation": catalogue.Exploitation,
    "atb_CountriesOfExploitation": catalogue.Country,
    "atb_Needs": catalogue.Need,
}
TEXT = {"prs_FirstName": catalogue.MAX_NAME, "prs_MobilePhone": catalogue.MAX_PHONE}
DATES = ("prs_Birthdate", "cas_OutgoingReferralDate")
FIELDS = (*TEXT, *SINGLE_CODES, *MULTI_CODES, *DATES, "con_Consent")
REQUIRED = ("prs_PrimaryLanguage", "vic_TraffickingStatus", "cas_ReasonForOutgoingReferral",
            "cas_OutgoingReferralDate", "con_Consent")
# Fields a consent names item by item (the codes about the case always travel with a referral).
PERSONAL_ITEMS = ("prs_FirstName", "prs_MobilePhone", "prs_Birthdate", "prs_Gender", "prs_Citizenship")

_PHONE = re.compile(r"^\+?[0-9 ()-]{5,40}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class InvalidRecord(ValueError):
    pass


def clean(record: Any) -> dict[str, Any]:
    """The data set, checked; raises :class:`InvalidRecord` naming the first bad field."""
    if not isinstance(record, dict):
        raise InvalidRecord("record")
    unknown = set(record) - set(FIELDS)
    if unknown:
        raise InvalidRecord(sorted(unknown)[0])
    for name in REQUIRED:
        if record.get(name) in (None, "", []):
            raise InvalidRecord(name)
    if record["con_Consent"] is not True:
        raise InvalidRecord("con_Consent")
    out: dict[str, Any] = {"con_Consent": True}
    for name, limit in TEXT.items():
        value = record.get(name)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or len(value) > limit or _CONTROL.search(value):
            raise InvalidRecord(name)
        if name == "prs_MobilePhone" and not _PHONE.match(value):
            raise InvalidRecord(name)
        out[name] = value.strip()
    for name, choices in SINGLE_CODES.items():
        value = record.get(name)
        if value in (None, ""):
            continue
        if value not in choices.values:
            raise InvalidRecord(name)
        out[name] = value
    for name, choices in MULTI_CODES.items():
        value = record.get(name)
        if value in (None, []):
            continue
        if (not isinstance(value, list) or len(value) > catalogue.MAX_LIST
                or any(v not in choices.values for v in value)):
            raise InvalidRecord(name)
        out[name] = sorted(set(value))
    for name in DATES:
        value = record.get(name)
        if value in (None, ""):
            continue
        try:
            day = datetime.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None or not datetime.date(1900, 1, 1) <= day <= datetime.date(2200, 1, 1):
            raise InvalidRecord(name)
        out[name] = day.isoformat()
    return out
