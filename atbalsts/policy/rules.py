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
import re
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
    "value_status",
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
    # A specialist of another kind (interpreter, labour inspector, ...), invited to a commission.
    SPECIALIST = "specialist"


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
    # (Interpreting is not a kind of its own here: see legal_aid_interpreting_within below.)
    legal_aid_allowed_kinds: tuple[str, ...] = (
        SupportKind.SOCIAL_WORKER_CONSULTATION.value,
        SupportKind.PSYCHOLOGIST_CONSULTATION.value,
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
    # The start page (issue "The staff experience"): a course "ends soon" when its last day is
    # within this many days; "recently" (SIVA's answers, consents given or withdrawn, commissions
    # met, hotline contacts) reaches this many days back. Our choice, not law.
    start_page_course_ending_days: int = 30
    start_page_recent_days: int = 14
    # The task list (and the API's list) shows at most this many open tasks and reminders, the
    # most urgent first, and says how many more there are; the start page shows fewer. Our choice,
    # not law: a list longer than this is not read, and a caseload of any size must render fast.
    task_list_rows: int = 100
    # Each source counts its open items up to this many; beyond it the page says "N+" (counting a
    # caseload of any size exactly would cost more than the page itself).
    task_list_count_max: int = 1000
    # The period report's page shows this many client lines per page (the totals and the
    # downloads always cover the whole period). Our choice, not law: a page must render fast.
    report_page_rows: int = 100
    # --- who may do each step, eligibility (issue 9.1–9.2) ---
    # The fields of this rule set whose value nobody has yet checked against the regulation it
    # names (shown as "unverified" on the rules page); see :func:`value_status`. Who may do each
    # step is in ``steps.py``, the legal bases for non-EU victims in ``eligibility.py``.
    unverified: frozenset[str] = frozenset()
    # --- after-care and proceedings support (issue 9.4) ---
    # Phase 3 opens when the course ends. A course that runs its full length always opens it; a
    # course closed early opens it only for these closure reasons (the rehabilitation app's codes).
    # The same list opens criminal-proceedings support, which comes "in addition, after the
    # course ends". Not "died" (nobody to help) and not "decision_changed" (SIVA withdrew the
    # grant the after-care follows from); see docs/adr/0013.
    aftercare_opening_closures: tuple[str, ...] = ("goals_reached", "withdrew", "moved_abroad", "other")
    # Under state-ensured legal aid, interpreting is given only within these consultations,
    # never as support of its own.
    legal_aid_interpreting_within: tuple[str, ...] = (
        SupportKind.SOCIAL_WORKER_CONSULTATION.value,
        SupportKind.PSYCHOLOGIST_CONSULTATION.value,
    )
    # Who counts as a family member for the 5 consultations. The sources read two ways:
    # "minor_family_member" (minor family members of a victim: seed 003's scheme 1, seed 000) and
    # "family_of_minor_victim" (any family member of a victim who is a minor: seed 003's text).
    # A member is eligible under any reading listed; the victim's age is judged on the course start.
    family_consultation_readings: tuple[str, ...] = ("minor_family_member",)
    # Family consultations: from the course start until this many years after the course ends,
    # each at most this many hours.
    family_consultation_window_years: int = 2
    family_consultation_max_hours: int = 1
    # Upper bounds of one entry (a typing error must not pass as help given).
    entry_max_hours: int = 24  # one course service: consultation, training, accompaniment
    entry_max_amount_eur: int = 5000  # one purchase of goods or services, or a document's cost
    entry_max_nights: int = 180  # one shelter entry, the client's nights
    entry_max_children_nights: int = 1800  # one shelter entry, the accompanying children's nights together
    proceedings_support_entry_max_hours: int = 24  # one day's criminal-proceedings support
    # Values of this block that are our defaults, not read from the sources (shown as such).
    unverified_defaults: tuple[str, ...] = (
        "aftercare_opening_closures",
        "family_consultation_readings",
        "family_consultation_window_years",
        "family_consultation_max_hours",
        "entry_max_hours",
        "entry_max_amount_eur",
        "entry_max_nights",
        "entry_max_children_nights",
        "proceedings_support_entry_max_hours",
    )
    # Who may put municipal social workers on (and take them off) a municipal case's team,
    # besides the workers already on it. The sources are silent: a default, not law (ADR 0014).
    municipal_team_assigner_roles: tuple[str, ...] = (Role.ORG_ADMIN.value,)
    # The national statistics' threshold and privacy budget are dated rules of their own:
    # policy/disclosure.py (ADR 0020e).

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

# Our own choices, not law: reminders, warnings and the plan's review interval.
PRODUCT_DEFAULTS = frozenset(
    {
        "course_warning_days",
        "aftercare_reminder_days",
        "support_year_reminder_days",
        "plan_review_interval_days",
        "plan_reminder_days",
        "municipal_team_assigner_roles",
        "start_page_course_ending_days",
        "start_page_recent_days",
        "task_list_rows",
        "task_list_count_max",
        "report_page_rows",
    }
)
# The non-EU victims' rules come from the Law "On the Residence of a Victim of Human Trafficking",
# which none of the seeds quotes: the 30-day reflection period in particular is unchecked.
_RESIDENCE_LAW_VALUES = frozenset(
    {"reflection_period_max_days", "eligible_during_reflection_period", "eligible_residence_permit_statuses"}
)
# Regulation No. 344: the values copied from No. 889. Checked so far against the consolidated
# text of No. 344 (§4): the course length and the after-care consultations.
_MK344_CHECKED = frozenset(
    {"course_max_days", "aftercare_consultations", "aftercare_consultation_hours", "aftercare_window_years",
     "minor_age"}
)


def _law_fields() -> frozenset[str]:
    names = {f.name for f in dataclasses.fields(RuleSet)}
    return frozenset(names - PRODUCT_DEFAULTS - {"code", "title_lv", "title_en", "regulation", "effective_from",
                                                 "effective_until", "unverified", "unverified_defaults"})


MK889 = RuleSet(
    code="MK889",
    title_lv=_TITLE_LV,
    title_en=_TITLE_EN,
    regulation="Cabinet Regulation No. 889 (31.10.2006)",
    effective_from=date(2007, 1, 1),
    effective_until=date(2019, 7, 19),
    # --- who may do each step, eligibility (issue 9.1–9.2) ---
    # Seed 003 quotes No. 889's amounts; the residence law's are not in any seed.
    unverified=_RESIDENCE_LAW_VALUES,
)

MK344 = RuleSet(
    code="MK344",
    title_lv=_TITLE_LV,
    title_en=_TITLE_EN,
    regulation="Cabinet Regulation No. 344 (16.07.2019)",
    effective_from=date(2019, 7, 20),
    effective_until=None,
    # --- who may do each step, eligibility (issue 9.1–9.2) ---
    unverified=_law_fields() - _MK344_CHECKED,
)

RULESETS: tuple[RuleSet, ...] = (MK889, MK344)

# The regulations' names as people read them, in Latvian as the methodological recommendations
# (seed 003) cite them and in English; ``regulation`` above is the short reference.
REGULATION_NAMES: dict[str, tuple[str, str]] = {
    "MK889": ("Ministru kabineta 2006. gada 31. oktobra noteikumi Nr. 889", "Cabinet Regulation No. 889 of 31.10.2006"),
    "MK344": ("Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344", "Cabinet Regulation No. 344 of 16.07.2019"),
}
# The sources the step table cites, as people read them: (Latvian, English).
SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "seed 003": ("Metodiskie ieteikumi pašvaldību sociālajiem dienestiem par darbu ar cilvēku tirdzniecības upuriem",
                 "Methodological recommendations for municipal social services on work with victims of trafficking"),
    "our choice": ("mūsu izvēle", "our choice"),
}


def regulation_name(rs: RuleSet, language: str) -> str:
    lv, en = REGULATION_NAMES.get(rs.code, (rs.regulation, rs.regulation))
    return lv if language.startswith("lv") else en


def source_name(source: str, language: str) -> str:
    """ "Regulation No. 344 §2.1" → "MK noteikumi Nr. 344, 2.1. punkts" (lv); a seed by its title."""
    lv = language.startswith("lv")
    found = re.fullmatch(r"Regulation No\. (\d+) §([\d.]+)", source)
    if found:
        number, point = found.groups()
        if lv:
            return f"MK noteikumi Nr. {number}, {point}. punkts"
        return f"Cabinet Regulation No. {number}, para. {point}"
    for prefix, (name_lv, name_en) in SOURCE_NAMES.items():
        if source.startswith(prefix):
            return name_lv if lv else name_en
    return source


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
        elif isinstance(value, frozenset):
            value = sorted(str(v) for v in value)
        out[f.name] = value
    return out


def value_status(rs: RuleSet, name: str) -> str:
    """"default" (our choice, not law), "unverified" (presented as law, not yet checked against the
    regulation) or "checked"."""
    if name in PRODUCT_DEFAULTS or name in rs.unverified_defaults:
        return "default"
    if name in rs.unverified:
        return "unverified"
    return "checked"


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
