"""The rules of the support process as versioned, pure data.

Every number the process depends on (the 180-day course, the 3 working days for SIVA, the 5
after-care consultations, the 150 hours of criminal-proceedings support a year, ...) lives here,
in a :class:`RuleSet` that carries the dates it was in force. Code asks :func:`ruleset_on` for
the rule set of the date an event happened and never writes these numbers as literals.

Rule sets
---------
``MK889``
    Cabinet Regulation No. 889 (adopted 31.10.2006), applied from 2007-01-01 until 2019-07-19.
    The seeds (2014–2015) describe the process under this regulation.

``MK344``
    Cabinet Regulation No. 344 (16.07.2019), which replaced No. 889. Taken as published in
    "Latvijas Vēstnesis" on 19.07.2019; Cabinet regulations without their own date of entry into
    force come into force on the day after their official publication (the general rule of the
    Law on Official Publications and Legal Information), so No. 344 applies from 2019-07-20
    and No. 889 applies to events up to and including 2019-07-19. See docs/adr/0002 for where
    these dates come from and what remains to be checked.

The values are kept equal in both rule sets: the seeds give the values of No. 889 and nothing in
them says that No. 344 changed any of these amounts. When an amount is found to differ, change it
in that rule set only; the code needs no change.

This module is pure: it imports nothing from Django or from the other apps.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "MK344",
    "MK889",
    "ROLE_NAMES",
    "RULESETS",
    "SUPPORT_KIND_NAMES",
    "Role",
    "RuleSet",
    "RuleSetNotFound",
    "SupportKind",
    "age_on",
    "family_member_is_eligible",
    "is_minor",
    "ruleset_as_dict",
    "ruleset_by_code",
    "ruleset_on",
]


class Role(StrEnum):
    """Role codes; the same codes as the accounts app's roles."""

    SOCIAL_WORKER = "social_worker"
    PSYCHOLOGIST = "psychologist"
    LAWYER = "lawyer"
    MEDICAL = "medical"
    POLICE_OFFICIAL = "police_official"
    SIVA_OFFICER = "siva_officer"
    MUNICIPAL_SOCIAL_WORKER = "municipal_social_worker"
    HOTLINE_OPERATOR = "hotline_operator"
    STATISTICIAN = "statistician"
    ORG_ADMIN = "org_admin"
    SYS_ADMIN = "sys_admin"


class SupportKind(StrEnum):
    """Kinds of support in connection with criminal proceedings."""

    LAWYER_CONSULTATION = "lawyer_consultation"
    SOCIAL_WORKER_CONSULTATION = "social_worker_consultation"
    PSYCHOLOGIST_CONSULTATION = "psychologist_consultation"
    INTERPRETER = "interpreter"
    LEGAL_DOCUMENTS = "legal_documents"
    COURT_REPRESENTATION = "court_representation"


# Names used in the plain-language messages of the pure calculator (Latvian, English). Pages use
# their own gettext labels.
ROLE_NAMES: dict[str, tuple[str, str]] = {
    Role.SOCIAL_WORKER: ("sociālais darbinieks", "social worker"),
    Role.PSYCHOLOGIST: ("psihologs", "psychologist"),
    Role.LAWYER: ("jurists", "lawyer"),
    Role.MEDICAL: ("ārstniecības persona", "medical practitioner"),
    Role.POLICE_OFFICIAL: ("Valsts policijas amatpersona", "State Police official"),
}

SUPPORT_KIND_NAMES: dict[str, tuple[str, str]] = {
    SupportKind.LAWYER_CONSULTATION: ("jurista konsultācija", "lawyer's consultation"),
    SupportKind.SOCIAL_WORKER_CONSULTATION: (
        "sociālā darbinieka konsultācija",
        "social worker's consultation",
    ),
    SupportKind.PSYCHOLOGIST_CONSULTATION: ("psihologa konsultācija", "psychologist's consultation"),
    SupportKind.INTERPRETER: ("tulka pakalpojumi", "interpreting"),
    SupportKind.LEGAL_DOCUMENTS: (
        "palīdzība juridisku dokumentu sagatavošanā",
        "help with legal documents",
    ),
    SupportKind.COURT_REPRESENTATION: ("pārstāvība tiesā", "representation in court"),
}


class RuleSetNotFound(LookupError):
    """No rule set was in force on the date asked for."""


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One version of the rules, with the dates it was in force (both ends inclusive)."""

    code: str
    title_lv: str
    title_en: str
    regulation: str
    effective_from: date
    effective_until: date | None
    # Phase 2: the social rehabilitation course, in calendar days, the first day included.
    course_max_days: int = 180
    # Reminders and warnings as the course nears its end: days left at which to warn, largest
    # first (the largest is when the warning starts).
    course_warning_days: tuple[int, ...] = (30, 14, 7)
    # SIVA decides within this many working days of receiving the commission's protocol.
    siva_decision_working_days: int = 3
    # Phase 3 without criminal-proceedings support: after-care consultations.
    aftercare_consultations: int = 5
    aftercare_consultation_hours: int = 1
    aftercare_window_years: int = 2
    aftercare_specialist_roles: tuple[str, ...] = (
        Role.LAWYER.value,
        Role.SOCIAL_WORKER.value,
        Role.PSYCHOLOGIST.value,
    )
    # Remind the case team this many days before an after-care window, or a support year of
    # criminal-proceedings support, ends with help still unused.
    aftercare_reminder_days: int = 60
    support_year_reminder_days: int = 60
    # Phase 3 with criminal-proceedings support: hours per support year, for so many years.
    proceedings_support_hours_per_year: int = 150
    proceedings_support_years: int = 3
    proceedings_support_kinds: tuple[str, ...] = tuple(k.value for k in SupportKind)
    # With state-ensured legal aid only these kinds remain.
    legal_aid_allowed_kinds: tuple[str, ...] = (
        SupportKind.SOCIAL_WORKER_CONSULTATION.value,
        SupportKind.PSYCHOLOGIST_CONSULTATION.value,
        SupportKind.INTERPRETER.value,
    )
    # Minor family members staying in Latvia: consultations per member.
    family_consultations_per_member: int = 5
    # The highest age in full years at which a family member is still eligible (17 = under 18).
    family_member_max_age: int = 17
    # The specialist commission must include these roles.
    commission_required_roles: tuple[str, ...] = (
        Role.SOCIAL_WORKER.value,
        Role.PSYCHOLOGIST.value,
        Role.LAWYER.value,
        Role.POLICE_OFFICIAL.value,
    )
    # A person under this age is a minor: recognised as a victim without "means".
    minor_age: int = 18
    # Non-EU victims (Law "On the Residence of a Victim of Human Trafficking"): the reflection
    # period, in days, and whether rehabilitation is open to them during it; and the residence
    # permit statuses (codes: none, applied, granted, refused) that make them eligible.
    reflection_period_max_days: int = 30
    eligible_during_reflection_period: bool = True
    eligible_residence_permit_statuses: tuple[str, ...] = ("granted",)
    # The individual social rehabilitation plan: the provider's interdisciplinary team reviews it
    # "regularly" (seed 003 gives no number; 30 days is the default until a regulation says
    # otherwise); reminders start this many days before a review or an activity falls due.
    plan_review_interval_days: int = 30
    plan_reminder_days: int = 7
    # Who may put municipal social workers on (and take them off) a municipal case's team,
    # besides the workers already on it. The sources are silent: a default, not law (ADR 0014).
    municipal_team_assigner_roles: tuple[str, ...] = (Role.ORG_ADMIN.value,)

    def in_force_on(self, d: date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)


_TITLE_LV = (
    "Kārtība, kādā cilvēku tirdzniecības upuri saņem sociālās rehabilitācijas pakalpojumus, "
    "un kritēriji personas atzīšanai par cilvēku tirdzniecības upuri"
)
_TITLE_EN = (
    "Procedure by which victims of human trafficking receive social rehabilitation services, "
    "and criteria for recognising a person as a victim of human trafficking"
)

MK889 = RuleSet(
    code="MK889",
    title_lv=_TITLE_LV,
    title_en=_TITLE_EN,
    regulation="Cabinet Regulation No. 889 (31.10.2006)",
    effective_from=date(2007, 1, 1),
    effective_until=date(2019, 7, 19),
)

MK344 = RuleSet(
    code="MK344",
    title_lv=_TITLE_LV,
    title_en=_TITLE_EN,
    regulation="Cabinet Regulation No. 344 (16.07.2019)",
    effective_from=date(2019, 7, 20),
    effective_until=None,
)

RULESETS: tuple[RuleSet, ...] = (MK889, MK344)


def ruleset_on(d: date, rulesets: tuple[RuleSet, ...] = RULESETS) -> RuleSet:
    """The rule set in force on the date ``d`` (the date of the event, not of recording it)."""
    for rs in rulesets:
        if rs.in_force_on(d):
            return rs
    first = min(rs.effective_from for rs in rulesets)
    raise RuleSetNotFound(
        f"No rule set is in force on {d.isoformat()}: the rules are known from {first.isoformat()}."
    )


def ruleset_by_code(code: str, rulesets: tuple[RuleSet, ...] = RULESETS) -> RuleSet:
    for rs in rulesets:
        if rs.code == code:
            return rs
    raise RuleSetNotFound(f"No rule set with the code {code!r}.")


def ruleset_as_dict(rs: RuleSet) -> dict[str, Any]:
    """The rule set as JSON-ready data: dates as ISO strings, tuples as lists."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(rs):
        value = getattr(rs, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [str(v) for v in value]
        out[f.name] = value
    return out


def age_on(birth_date: date, on: date) -> int:
    """Age in full years on a date."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: date, on: date, ruleset: RuleSet | None = None) -> bool:
    """Is the person a minor on ``on`` (recognised as a victim without "means")?"""
    rs = ruleset or ruleset_on(on)
    return age_on(birth_date, on) < rs.minor_age


def family_member_is_eligible(birth_date: date, on: date, ruleset: RuleSet | None = None) -> bool:
    """Is a family member of this age eligible for the family consultations on ``on``?

    Staying in Latvia is the caller's fact to check; this checks only the age.
    """
    rs = ruleset or ruleset_on(on)
    return age_on(birth_date, on) <= rs.family_member_max_age
