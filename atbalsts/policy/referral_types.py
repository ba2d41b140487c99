"""Referral types between organisations, as dated data (issue 12 §2; ADR 0020b).

A referral type says who sends it (organisation kinds), who receives it, and which categories
of information travel with it. Each category names the consent category the person must have
given to the recipient for it to travel; categories without one are coded, non-identifying
facts (indicator codes, a coded summary) and are the whole of an *anonymous notice*.

Who may send or answer a referral at all is in ``steps.py`` (``SEND_REFERRAL``,
``ANSWER_REFERRAL``); this table narrows it per type. None of this was checked against a
regulation: the types, what travels and the answer time are product defaults (``verified``).

Pure: no Django, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .steps import OrgKind

__all__ = [
    "INFO_CATEGORIES",
    "REFERRAL_TABLES",
    "Info",
    "InfoCategory",
    "ReferralType",
    "ReferralTypeTable",
    "anonymous_categories",
    "referral_types_on",
    "type_on",
]


class Info(StrEnum):
    """Categories of information a referral can carry."""

    IDENTITY = "identity"  # name and date of birth
    CONTACT = "contact"  # phone, e-mail, how to reach the person
    MESSAGE = "message"  # free text about the person
    INDICATORS = "indicators"  # indicator and criteria codes found (coded, not identifying)
    SUMMARY = "summary"  # a coded summary (topics, forms of exploitation, country, language)
    FINDINGS = "findings"  # identification findings: recognition grounds and their dates
    COURSE = "course"  # the rehabilitation course: start, end, status


@dataclass(frozen=True, slots=True)
class InfoCategory:
    code: str
    label_lv: str
    label_en: str
    # The people.ConsentCategory code that lets it travel; None = travels in an anonymous notice.
    consent: str | None


INFO_CATEGORIES: dict[str, InfoCategory] = {
    c.code: c
    for c in (
        InfoCategory(Info.IDENTITY, "Vārds, uzvārds un dzimšanas datums", "Name and date of birth", "identity"),
        InfoCategory(Info.CONTACT, "Kontaktinformācija", "Contact details", "contact"),
        # Free text about a person can identify them, so it needs the identity consent.
        InfoCategory(Info.MESSAGE, "Ziņa par personu (brīvs teksts)", "Message about the person (free text)",
                     "identity"),
        InfoCategory(Info.INDICATORS, "Konstatētās pazīmes un kritēriji (kodi)",
                     "Indicators and criteria found (codes)",
                     None),
        InfoCategory(Info.SUMMARY, "Kodēts kopsavilkums (tēmas, ekspluatācijas veids, valsts, valoda)",
                     "Coded summary (topics, form of exploitation, country, language)", None),
        InfoCategory(Info.FINDINGS, "Identifikācijas secinājumi (atzīšanas pamati)",
                     "Identification findings (recognition grounds)", "services"),
        InfoCategory(Info.COURSE, "Rehabilitācijas kursa statuss un datumi", "Rehabilitation course status and dates",
                     "course"),
    )
}


def anonymous_categories(categories) -> tuple[str, ...]:
    """The categories of ``categories`` that travel without any consent."""
    return tuple(c for c in categories if INFO_CATEGORIES[c].consent is None)


@dataclass(frozen=True, slots=True)
class ReferralType:
    code: str
    label_lv: str
    label_en: str
    senders: frozenset[str]
    recipients: frozenset[str]
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReferralTypeTable:
    code: str
    effective_from: date
    effective_until: date | None
    types: tuple[ReferralType, ...]
    # The receiver should accept or decline within this many working days (the task's due date).
    answer_working_days: int
    source: str
    verified: bool

    def get(self, code: str) -> ReferralType:
        for t in self.types:
            if t.code == code:
                return t
        raise KeyError(code)

    def in_force_on(self, d: date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)


_P, _M = OrgKind.SERVICE_PROVIDER.value, OrgKind.MUNICIPAL_SOCIAL_SERVICE.value
_H, _POL = OrgKind.HOTLINE.value, OrgKind.STATE_POLICE.value

_TYPES_2007 = (
    ReferralType("hotline_to_provider", "Uzticības tālruņa nosūtījums pakalpojuma sniedzējam",
                 "Hotline referral to a service provider", frozenset({_H}), frozenset({_P}),
                 (Info.SUMMARY, Info.INDICATORS, Info.IDENTITY, Info.CONTACT, Info.MESSAGE)),
    ReferralType("municipal_to_provider", "Sociālā dienesta nosūtījums pakalpojuma sniedzējam",
                 "Social service referral to a service provider", frozenset({_M}), frozenset({_P}),
                 (Info.INDICATORS, Info.IDENTITY, Info.CONTACT, Info.MESSAGE)),
    ReferralType("police_to_provider", "Policijas nosūtījums pakalpojuma sniedzējam",
                 "Police referral to a service provider", frozenset({_POL}), frozenset({_P}),
                 (Info.INDICATORS, Info.FINDINGS, Info.IDENTITY, Info.CONTACT, Info.MESSAGE)),
    ReferralType("provider_to_provider", "Pakalpojuma sniedzēja nosūtījums citam sniedzējam",
                 "Service provider referral to another provider", frozenset({_P}), frozenset({_P}),
                 (Info.INDICATORS, Info.FINDINGS, Info.COURSE, Info.IDENTITY, Info.CONTACT, Info.MESSAGE)),
    ReferralType("provider_to_municipality", "Pakalpojuma sniedzēja nosūtījums sociālajam dienestam",
                 "Service provider referral to a social service", frozenset({_P}), frozenset({_M}),
                 (Info.COURSE, Info.IDENTITY, Info.CONTACT, Info.MESSAGE)),
)

REFERRAL_TABLES: tuple[ReferralTypeTable, ...] = (
    ReferralTypeTable(code="referrals-2007", effective_from=date(2007, 1, 1), effective_until=None,
                      types=_TYPES_2007, answer_working_days=3,
                      source="product default (issue 12 §2; ADR 0020b)", verified=False),
)


def referral_types_on(d: date, tables: tuple[ReferralTypeTable, ...] = REFERRAL_TABLES) -> ReferralTypeTable:
    for t in tables:
        if t.in_force_on(d):
            return t
    raise LookupError(d)


def type_on(code: str, d: date) -> ReferralType:
    """The referral type ``code`` as in force on ``d``; KeyError if there is none."""
    return referral_types_on(d).get(code)
