"""Who may do each step of the process: step × organisation kind × role, as dated data.

The sources give every step to an actor. The service provider (the NGO under contract) interviews
the person, sets up the specialist commission and records the recognition ground, applies to
SIVA, and delivers the course, the after-care and the family consultations (seed 003, "Speciālistu
komisijas darbs"; Regulation No. 889 / No. 344). Municipal social services, hotlines and the State
Police meet people first: they record a first contact or a screening and inform (refer the person
to) a service provider (seed 003: "vispirms nepieciešams informēt pakalpojuma sniedzēju"). SIVA
decides. The commission "invites other specialists as needed" ("pēc nepieciešamības pieaicina
citus speciālistus"), from any organisation.

Service functions ask :func:`permitted` (through ``accounts.steps.require_step``) before they
change anything; pages ask the same question to decide which actions to offer. The table is
versioned like the rule sets: :func:`step_rules_on` gives the one in force on a date.

Pure: no Django, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .rules import MK344, MK889, Role, RuleSet, ruleset_on

__all__ = [
    "INVITED_SPECIALIST_KINDS",
    "INVITED_SPECIALIST_ROLES",
    "KIND_NAMES",
    "STEP_NAMES",
    "STEP_TABLES",
    "OrgKind",
    "Step",
    "StepRule",
    "StepTable",
    "core_seat_kind",
    "permitted",
    "refusal",
    "step_rules_on",
]


class OrgKind(StrEnum):
    """Organisation kinds; the same codes as the accounts app's organisation kinds."""

    SERVICE_PROVIDER = "service_provider"
    SIVA = "siva"
    MUNICIPAL_SOCIAL_SERVICE = "municipal_social_service"
    STATE_POLICE = "state_police"
    LABOUR_INSPECTORATE = "labour_inspectorate"
    HOTLINE = "hotline"
    NATIONAL_COORDINATOR = "national_coordinator"
    OTHER = "other"


class Step(StrEnum):
    OPEN_CASE = "open_case"
    RECORD_SCREENING = "record_screening"
    RECORD_GROUND = "record_ground"
    CONVENE_COMMISSION = "convene_commission"
    PHASE_ONE_SUPPORT = "phase_one_support"
    RECORD_ELIGIBILITY = "record_eligibility"
    APPLY_TO_SIVA = "apply_to_siva"
    DECIDE_APPLICATION = "decide_application"
    HOLD_COURSE = "hold_course"
    AFTERCARE = "aftercare"
    FAMILY_CONSULTATIONS = "family_consultations"
    REFER_TO_PROVIDER = "refer_to_provider"
    # Statistics (issue 11): the national, disclosure-controlled figures; and a provider's own
    # organisation's figures, unsuppressed (it holds those cases anyway).
    VIEW_NATIONAL_STATISTICS = "view_national_statistics"
    VIEW_OWN_STATISTICS = "view_own_statistics"
    REFER_ABROAD = "refer_abroad"
    ANSWER_PARTNER_REFERRAL = "answer_partner_referral"
    SEND_REFERRAL = "send_referral"
    ANSWER_REFERRAL = "answer_referral"
    KEEP_CONTACT_LOG = "keep_contact_log"
    OPEN_CLIENT_FROM_CONTACT = "open_client_from_contact"


# Names for the plain-language refusals (Latvian, English): "Only ... can <name>."
STEP_NAMES: dict[str, tuple[str, str]] = {
    Step.OPEN_CASE: ("reģistrēt pirmo kontaktu", "record a first contact"),
    Step.RECORD_SCREENING: ("reģistrēt interviju vai izvērtēšanu", "record an interview or screening"),
    Step.RECORD_GROUND: ("reģistrēt atzīšanas pamatu", "record a recognition ground"),
    Step.CONVENE_COMMISSION: ("sasaukt speciālistu komisiju", "convene the specialist commission"),
    Step.PHASE_ONE_SUPPORT: (
        "reģistrēt likumisko pārstāvi, pavadošos bērnus un ceļu uz Latviju",
        "record the legal representative, accompanying children and travel to Latvia",
    ),
    Step.RECORD_ELIGIBILITY: ("reģistrēt pilsonību un uzturēšanās statusu", "record citizenship and residence"),
    Step.APPLY_TO_SIVA: ("iesniegt iesniegumu SIVA", "apply to SIVA"),
    Step.DECIDE_APPLICATION: ("pieņemt lēmumu par pakalpojumu", "decide on the service"),
    Step.HOLD_COURSE: ("sniegt sociālās rehabilitācijas kursu", "hold the social rehabilitation course"),
    Step.AFTERCARE: ("sniegt konsultācijas pēc kursa", "give the after-care"),
    Step.FAMILY_CONSULTATIONS: ("sniegt ģimenes locekļu konsultācijas", "give the family consultations"),
    Step.REFER_TO_PROVIDER: ("nosūtīt personu pie pakalpojuma sniedzēja", "refer the person to a provider"),
    Step.VIEW_NATIONAL_STATISTICS: ("skatīt valsts statistiku", "see the national statistics"),
    Step.VIEW_OWN_STATISTICS: ("skatīt savas organizācijas statistiku", "see your organisation's statistics"),
    Step.REFER_ABROAD: ("nosūtīt personu pie partnera uzticības tālruņa ārvalstīs",
                        "refer the person to a partner hotline abroad"),
    Step.ANSWER_PARTNER_REFERRAL: ("pieņemt vai noraidīt partnera uzticības tālruņa nosūtījumu",
                                   "accept or decline a partner hotline's referral"),
    Step.SEND_REFERRAL: ("nosūtīt nosūtījumu citai organizācijai", "send a referral to another organisation"),
    Step.ANSWER_REFERRAL: ("pieņemt vai noraidīt nosūtījumu un reģistrēt tā iznākumu",
                           "accept or decline a referral and record its outcome"),
    Step.KEEP_CONTACT_LOG: ("vest uzticības tālruņa kontaktu žurnālu", "keep the hotline's contact log"),
    Step.OPEN_CLIENT_FROM_CONTACT: ("atvērt klienta lietu no uzticības tālruņa kontakta",
                                    "open a client record from a hotline contact"),
}

KIND_NAMES: dict[str, tuple[str, str]] = {
    OrgKind.SERVICE_PROVIDER: ("pakalpojuma sniedzējs", "a service provider"),
    OrgKind.SIVA: ("Sociālās integrācijas valsts aģentūra", "the Social Integration State Agency"),
    OrgKind.MUNICIPAL_SOCIAL_SERVICE: ("pašvaldības sociālais dienests", "a municipal social service"),
    OrgKind.STATE_POLICE: ("Valsts policija", "the State Police"),
    OrgKind.LABOUR_INSPECTORATE: ("Valsts darba inspekcija", "the State Labour Inspectorate"),
    OrgKind.HOTLINE: ("uzticības tālrunis", "a hotline"),
    OrgKind.NATIONAL_COORDINATOR: ("nacionālais koordinators", "the national coordinator"),
    OrgKind.OTHER: ("cita organizācija", "another organisation"),
}


@dataclass(frozen=True, slots=True)
class StepRule:
    """Who may do a step: organisations of these kinds, acting in one of these roles."""

    step: str
    kinds: frozenset[str]
    roles: frozenset[str]
    # Where the rule comes from, and whether somebody checked it against that source.
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class StepTable:
    code: str
    effective_from: date
    effective_until: date | None
    rules: tuple[StepRule, ...]

    def rule(self, step: str) -> StepRule:
        for r in self.rules:
            if r.step == step:
                return r
        raise KeyError(step)

    def in_force_on(self, d: date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)


_PROVIDER = frozenset({OrgKind.SERVICE_PROVIDER.value})
_FIRST_CONTACT = frozenset(
    {
        OrgKind.SERVICE_PROVIDER.value,
        OrgKind.MUNICIPAL_SOCIAL_SERVICE.value,
        OrgKind.HOTLINE.value,
        OrgKind.STATE_POLICE.value,
    }
)
# The provider's interdisciplinary team.
_PROVIDER_STAFF = frozenset({Role.SOCIAL_WORKER.value, Role.PSYCHOLOGIST.value, Role.LAWYER.value,
                             Role.MEDICAL.value})
_CASEWORK = _PROVIDER_STAFF | {Role.POLICE_OFFICIAL.value, Role.MUNICIPAL_SOCIAL_WORKER.value,
                               Role.HOTLINE_OPERATOR.value}
_HOTLINE = frozenset({OrgKind.HOTLINE.value})
_HOTLINE_OPERATOR = frozenset({Role.HOTLINE_OPERATOR.value})
_ISSUE_12 = "issue 12 §1 (hotline contact log); product default, not checked against law"
_SEED_003 = "seed 003 (speciālistu komisijas darbs; sadarbība ar pakalpojuma sniedzēju)"

_RULES: tuple[StepRule, ...] = (
    StepRule(Step.OPEN_CASE, _FIRST_CONTACT, _CASEWORK, _SEED_003, True),
    StepRule(Step.RECORD_SCREENING, _FIRST_CONTACT, _CASEWORK, _SEED_003, True),
    StepRule(Step.RECORD_GROUND, _PROVIDER, _PROVIDER_STAFF, _SEED_003, True),
    StepRule(Step.CONVENE_COMMISSION, _PROVIDER, _PROVIDER_STAFF, _SEED_003, True),
    StepRule(Step.PHASE_ONE_SUPPORT, _PROVIDER, _PROVIDER_STAFF, "seed 003 (1. posms)", True),
    StepRule(Step.RECORD_ELIGIBILITY, _PROVIDER, _PROVIDER_STAFF, "our choice (ADR 0011)", False),
    StepRule(Step.APPLY_TO_SIVA, _PROVIDER, _PROVIDER_STAFF, _SEED_003, True),
    StepRule(Step.DECIDE_APPLICATION, frozenset({OrgKind.SIVA.value}), frozenset({Role.SIVA_OFFICER.value}),
             "Regulation No. 344 §2.1", True),
    StepRule(Step.HOLD_COURSE, _PROVIDER, _PROVIDER_STAFF, "Regulation No. 344 §3", True),
    StepRule(Step.AFTERCARE, _PROVIDER, _PROVIDER_STAFF, "Regulation No. 344 §4", True),
    StepRule(Step.FAMILY_CONSULTATIONS, _PROVIDER, _PROVIDER_STAFF, "seed 003 (3. posms)", True),
    StepRule(Step.REFER_TO_PROVIDER,
             frozenset({OrgKind.MUNICIPAL_SOCIAL_SERVICE.value, OrgKind.HOTLINE.value, OrgKind.STATE_POLICE.value}),
             frozenset({Role.MUNICIPAL_SOCIAL_WORKER.value, Role.HOTLINE_OPERATOR.value, Role.POLICE_OFFICIAL.value}),
             _SEED_003, True),
    StepRule(Step.VIEW_NATIONAL_STATISTICS, frozenset({OrgKind.NATIONAL_COORDINATOR.value}),
             frozenset({Role.STATISTICIAN.value}), "domain brief §2 (coordinator: statistics, no personal data)",
             True),
    StepRule(Step.VIEW_OWN_STATISTICS, _PROVIDER, frozenset({Role.ORG_ADMIN.value}),
             "our choice (ADR 0020d): the administrator who signs the organisation's report to SIVA", False),
    # The international referral mechanism runs "through the system of hotlines between the partner
    # countries" (seed 002, Drošības kompass, goal 4): the hotline's operators send and answer.
    StepRule(Step.REFER_ABROAD, frozenset({OrgKind.HOTLINE.value}), frozenset({Role.HOTLINE_OPERATOR.value}),
             "seed 002 (Drošības kompass, 4. mērķis)", True),
    StepRule(Step.ANSWER_PARTNER_REFERRAL, frozenset({OrgKind.HOTLINE.value}),
             frozenset({Role.HOTLINE_OPERATOR.value}), "seed 002 (Drošības kompass, 4. mērķis)", True),
    # Referrals between organisations (issue 12 §2): every organisation that meets people sends;
    # the organisations that help (providers, social services) answer. Which kind sends which
    # referral to whom is narrowed by the referral types (referral_types.py). Product defaults.
    StepRule(Step.SEND_REFERRAL, _FIRST_CONTACT, _CASEWORK, "product default (issue 12 §2; ADR 0020b)", False),
    StepRule(Step.ANSWER_REFERRAL,
             frozenset({OrgKind.SERVICE_PROVIDER.value, OrgKind.MUNICIPAL_SOCIAL_SERVICE.value}),
             _PROVIDER_STAFF | {Role.MUNICIPAL_SOCIAL_WORKER.value},
             "product default (issue 12 §2; ADR 0020b)", False),
    # The contact log (issue 12 §1): a hotline's own operators, nobody else. Seed 003 names hotlines
    # among those who meet people first; who reads the log is our choice (product default).
    StepRule(Step.KEEP_CONTACT_LOG, _HOTLINE, _HOTLINE_OPERATOR, _ISSUE_12, False),
    StepRule(Step.OPEN_CLIENT_FROM_CONTACT, _HOTLINE, _HOTLINE_OPERATOR, _ISSUE_12, False),
)

# The commission's required seats: who may fill each. The provider's own specialists fill the
# specialist seats; the police seat is a State Police official's. Invited specialists never fill a
# required seat (ADR 0011).
_CORE_SEATS: dict[str, str] = {
    Role.SOCIAL_WORKER.value: OrgKind.SERVICE_PROVIDER.value,
    Role.PSYCHOLOGIST.value: OrgKind.SERVICE_PROVIDER.value,
    Role.LAWYER.value: OrgKind.SERVICE_PROVIDER.value,
    Role.MEDICAL.value: OrgKind.SERVICE_PROVIDER.value,
    Role.POLICE_OFFICIAL.value: OrgKind.STATE_POLICE.value,
}

# "Other specialists as needed": from any organisation except the one that decides afterwards
# (SIVA) and the one that must never see personal data (the national coordinator).
INVITED_SPECIALIST_KINDS = frozenset(k.value for k in OrgKind) - {OrgKind.SIVA.value,
                                                                   OrgKind.NATIONAL_COORDINATOR.value}
INVITED_SPECIALIST_ROLES = _CASEWORK | {Role.SPECIALIST.value}


def _table(rs: RuleSet) -> StepTable:
    return StepTable(code=rs.code, effective_from=rs.effective_from, effective_until=rs.effective_until,
                     rules=_RULES)


# One table per regulation; today both say the same.
STEP_TABLES: tuple[StepTable, ...] = (_table(MK889), _table(MK344))


def step_rules_on(d: date, tables: tuple[StepTable, ...] = STEP_TABLES) -> StepTable:
    for t in tables:
        if t.in_force_on(d):
            return t
    # The same "no rules for this date" answer as the rule sets give.
    ruleset_on(d)
    raise LookupError(d)  # pragma: no cover — the tables follow the rule sets' dates


def permitted(step: str, kind: str | None, roles, on: date) -> bool:
    """May an organisation of ``kind``, acting in ``roles``, do ``step`` on ``on``?"""
    if kind is None:
        return False
    rule = step_rules_on(on).rule(step)
    return kind in rule.kinds and bool(rule.roles.intersection(roles))


def core_seat_kind(role: str) -> str | None:
    """The organisation kind whose member fills the required seat of this role, if any."""
    return _CORE_SEATS.get(role)


def refusal(step: str, kind: str | None, on: date) -> tuple[str, str]:
    """Why not: a message in Latvian and English, naming who does the step instead."""
    rule = step_rules_on(on).rule(step)
    lv_step, en_step = STEP_NAMES[step]
    if kind in rule.kinds:
        return (f"Jūsu lomai nav tiesību {lv_step}.", f"Your role does not allow you to {en_step}.")
    who_lv = ", ".join(KIND_NAMES[k][0] for k in sorted(rule.kinds))
    who_en = " or ".join(KIND_NAMES[k][1] for k in sorted(rule.kinds))
    lv = f"{lv_step[0].upper()}{lv_step[1:]} drīkst tikai: {who_lv}."
    en = f"Only {who_en} can {en_step}."
    if kind in step_rules_on(on).rule(Step.REFER_TO_PROVIDER).kinds:
        lv += " Jūsu organizācija reģistrē pirmo kontaktu vai izvērtēšanu un nosūta personu pie pakalpojuma sniedzēja."
        en += " Your organisation records the first contact or screening and refers the person to a service provider."
    return lv, en
