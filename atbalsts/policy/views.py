"""A read-only page for staff: the rule sets, the calendar overrides and the coming days off."""

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atbalsts.policy import criteria, dates, selectors
from atbalsts.policy.disclosure import disclosure_rules_on
from atbalsts.policy.eligibility import LEGAL_BASES
from atbalsts.policy.letters import letter_rules_on
from atbalsts.policy.notifications import Notice, Recipients, notice_rules_on
from atbalsts.policy.rules import (
    RULESETS,
    Role,
    RuleSet,
    SupportKind,
    regulation_name,
    ruleset_on,
    source_name,
    value_status,
)
from atbalsts.policy.search import search_rules_on
from atbalsts.policy.steps import KIND_NAMES, STEP_NAMES, OrgKind, step_rules_on

UPCOMING_DAYS = 60

ROLE_LABELS = {
    Role.SOCIAL_WORKER: _("social worker"),
    Role.PSYCHOLOGIST: _("psychologist"),
    Role.LAWYER: _("lawyer"),
    Role.MEDICAL: _("medical practitioner"),
    Role.POLICE_OFFICIAL: _("State Police official"),
    Role.SIVA_OFFICER: _("SIVA officer"),
    Role.MUNICIPAL_SOCIAL_WORKER: _("municipal social worker"),
    Role.HOTLINE_OPERATOR: _("hotline operator"),
    Role.STATISTICIAN: _("statistician"),
    Role.ORG_ADMIN: _("organisation administrator"),
    Role.SYS_ADMIN: _("system administrator"),
    Role.SPECIALIST: _("other specialist"),
}


def _steps_table(on, lv: bool) -> list[dict]:
    """Who may do each step on ``on``: one row per step, a tick per organisation kind."""
    table = step_rules_on(on)
    rows = []
    for rule in table.rules:
        names = STEP_NAMES[rule.step]
        rows.append({
            "step": names[0] if lv else names[1],
            "kinds": [kind.value in rule.kinds for kind in OrgKind],
            "roles": ", ".join(str(ROLE_LABELS.get(r, r)) for r in sorted(rule.roles)),
            "source": source_name(rule.source, "lv" if lv else "en"),
            "verified": rule.verified,
        })
    return rows

SUPPORT_KIND_LABELS = {
    SupportKind.LAWYER_CONSULTATION: _("lawyer's consultation"),
    SupportKind.SOCIAL_WORKER_CONSULTATION: _("social worker's consultation"),
    SupportKind.PSYCHOLOGIST_CONSULTATION: _("psychologist's consultation"),
    SupportKind.INTERPRETER: _("interpreting"),
    SupportKind.LEGAL_DOCUMENTS: _("help with legal documents"),
    SupportKind.COURT_REPRESENTATION: _("representation in court"),
}


def _labels(codes, table):
    return [table.get(code, code) for code in codes]


def _values(rs: RuleSet) -> list[tuple[object, object, str]]:
    """(label, value, field name) rows for one rule set."""
    return [
        (_("Course length, calendar days"), rs.course_max_days, "course_max_days"),
        (_("Warnings before the course ends, days left"),
         ", ".join(map(str, rs.course_warning_days)), "course_warning_days"),
        (_("SIVA decision, working days"), rs.siva_decision_working_days, "siva_decision_working_days"),
        (_("After-care consultations"), rs.aftercare_consultations, "aftercare_consultations"),
        (_("Hours per after-care consultation"), rs.aftercare_consultation_hours, "aftercare_consultation_hours"),
        (_("After-care window after the course, years"), rs.aftercare_window_years, "aftercare_window_years"),
        (_("Reminder before the after-care window closes, days"),
         rs.aftercare_reminder_days, "aftercare_reminder_days"),
        (_("After-care given by"),
         ", ".join(map(str, _labels(rs.aftercare_specialist_roles, ROLE_LABELS))), "aftercare_specialist_roles"),
        (_("Criminal-proceedings support, hours per support year"),
         rs.proceedings_support_hours_per_year, "proceedings_support_hours_per_year"),
        (_("Criminal-proceedings support, years"), rs.proceedings_support_years, "proceedings_support_years"),
        (
            _("Kinds of criminal-proceedings support"),
            ", ".join(map(str, _labels(rs.proceedings_support_kinds, SUPPORT_KIND_LABELS))),
            "proceedings_support_kinds",
        ),
        (
            _("Kinds allowed with state-ensured legal aid"),
            ", ".join(map(str, _labels(rs.legal_aid_allowed_kinds, SUPPORT_KIND_LABELS))),
            "legal_aid_allowed_kinds",
        ),
        (_("Reminder before a support year ends, days"), rs.support_year_reminder_days, "support_year_reminder_days"),
        (_("Consultations per minor family member"),
         rs.family_consultations_per_member, "family_consultations_per_member"),
        (_("Highest eligible age of a family member"), rs.family_member_max_age, "family_member_max_age"),
        (
            _("Specialist commission must include"),
            ", ".join(map(str, _labels(rs.commission_required_roles, ROLE_LABELS))),
            "commission_required_roles",
        ),
        (_("Age of majority (a minor is recognised without means)"), rs.minor_age, "minor_age"),
        (_("Reflection period for a non-EU victim, days"), rs.reflection_period_max_days, "reflection_period_max_days"),
        (_("Plan review interval, days"), rs.plan_review_interval_days, "plan_review_interval_days"),
        (_("Reminder before a plan review or activity is due, days"), rs.plan_reminder_days, "plan_reminder_days"),
        (_("Start page: courses ending within, days"), rs.start_page_course_ending_days,
         "start_page_course_ending_days"),
        (_("Start page: what counts as recent, days"), rs.start_page_recent_days, "start_page_recent_days"),
        (_("Task list: open tasks and reminders shown at most"), rs.task_list_rows, "task_list_rows"),
        (_("Task list: open items counted at most, per source"), rs.task_list_count_max, "task_list_count_max"),
        (_("Period report: client lines per page"), rs.report_page_rows, "report_page_rows"),
        (
            _("Municipal case teams are assigned by (besides the team itself; a default, not from the sources)"),
            ", ".join(map(str, _labels(rs.municipal_team_assigner_roles, ROLE_LABELS))),
            "municipal_team_assigner_roles",
        ),
        *_aftercare_values(rs),
    ]


# --- after-care and proceedings support (issue 9.4) ---
CLOSURE_LABELS = {
    "goals_reached": _("the goals of the plan were reached"),
    "withdrew": _("the person withdrew"),
    "moved_abroad": _("the person moved abroad"),
    "died": _("the person died"),
    "decision_changed": _("SIVA changed its decision"),
    "other": _("other reason"),
}
FAMILY_READING_LABELS = {
    "minor_family_member": _("minor family members of a victim"),
    "family_of_minor_victim": _("family members of a victim who is a minor"),
}


def _aftercare_values(rs: RuleSet) -> list[tuple[object, object, str]]:
    """(label, value, field name) rows of the after-care block; the page marks our defaults."""

    def names(codes, table) -> str:
        return ", ".join(str(table.get(code, code)) for code in codes)

    return [
        (_("After-care and criminal-proceedings support after a course closed early because"),
         names(rs.aftercare_opening_closures, CLOSURE_LABELS), "aftercare_opening_closures"),
        (_("With state-ensured legal aid, interpreting only within"),
         names(rs.legal_aid_interpreting_within, SUPPORT_KIND_LABELS), "legal_aid_interpreting_within"),
        (_("Family consultations are for"),
         names(rs.family_consultation_readings, FAMILY_READING_LABELS), "family_consultation_readings"),
        (_("Family consultations until this many years after the course"),
         rs.family_consultation_window_years, "family_consultation_window_years"),
        (_("Hours per family consultation"), rs.family_consultation_max_hours, "family_consultation_max_hours"),
        (_("One course service at most, hours"), rs.entry_max_hours, "entry_max_hours"),
        (_("One purchase or document at most, EUR"), rs.entry_max_amount_eur, "entry_max_amount_eur"),
        (_("One shelter entry at most, the client's nights"), rs.entry_max_nights, "entry_max_nights"),
        (_("One shelter entry at most, the children's nights together"),
         rs.entry_max_children_nights, "entry_max_children_nights"),
        (_("One entry of criminal-proceedings support at most, hours"),
         rs.proceedings_support_entry_max_hours, "proceedings_support_entry_max_hours"),
    ]


def _criteria_context(language: str) -> dict:
    """The reading of the recognition criteria and the date guard's bounds (policy.criteria, .dates)."""
    return {
        "criteria_readings": [
            {"reading": r, "title": r.title_lv if language.startswith("lv") else r.title_en,
             "required": criteria.element_list(r.required_for(False), language),
             "required_minor": criteria.element_list(r.required_for(True), language)}
            for r in criteria.READINGS
        ],
        "first_rules_date": dates.first_rules_date(),
        "future_horizon_days": dates.FUTURE_HORIZON_DAYS,
    }


def _disclosure_values(today) -> list[tuple[object, object, bool]]:
    """(label, value, our default?) rows of the publication rules in force (ADR 0020e)."""
    d = disclosure_rules_on(today)
    return [
        (_("Smallest count published (smaller ones are suppressed; 0 is published)"), d.threshold,
         "threshold" in d.product_defaults),
        (_("Privacy budget (epsilon) of the noisy releases about one year"),
         d.privacy_budget_per_year, "privacy_budget_per_year" in d.product_defaults),
        (_("Most one release may spend (epsilon)"), d.max_epsilon_per_release,
         "max_epsilon_per_release" in d.product_defaults),
        (_("Statistics are released by"), ", ".join(str(ROLE_LABELS.get(r, r)) for r in d.publisher_roles),
         "publisher_roles" in d.product_defaults),
    ]


def _search_values(today) -> list[tuple[object, object, bool]]:
    """(label, value, our default?) rows of the client search's rules in force (issue 14)."""
    r = search_rules_on(today)
    return [
        (_("Fewest letters of a name a search looks up"), r.prefix_min_letters,
         "prefix_min_letters" in r.product_defaults),
        (_("Most clients one search shows (newest first; the user is asked to refine the search)"),
         r.results_max, "results_max" in r.product_defaults),
    ]


NOTICE_LABELS = {
    Notice.COMMISSION_INVITATION: _("A member is seated on a specialist commission"),
    Notice.SIVA_DECISION: _("SIVA decides on an application"),
    Notice.CONSENT_GIVEN: _("A consent naming the organisation is given"),
    Notice.CONSENT_WITHDRAWN: _("A consent naming the organisation is withdrawn"),
    Notice.ANONYMOUS_REPORT: _("An anonymous report arrives from the public portal"),
}


def _notice_rows(today, lv: bool) -> list[tuple[object, str, bool]]:
    """(event, who is told, our default?) rows of the notification table in force (ADR 0020h)."""
    rows = []
    for rule in notice_rules_on(today).rules:
        roles = ", ".join(str(ROLE_LABELS.get(r, r)) for r in (rule.roles or rule.fallback_roles))
        if rule.recipients == Recipients.PERSON:
            who = str(_("the person seated"))
        elif rule.recipients == Recipients.CASE_TEAM:
            who = str(_("the person's case team there"))
            if roles:
                who += "; " + str(_("without one: %(roles)s") % {"roles": roles})
        else:
            who = roles
        if rule.organisation_kinds:
            kinds = ", ".join(KIND_NAMES[k][0] if lv else KIND_NAMES[k][1] for k in rule.organisation_kinds)
            who += " (" + str(_("only in %(kinds)s") % {"kinds": kinds}) + ")"
        rows.append((NOTICE_LABELS.get(rule.notice, rule.notice), who, not rule.verified))
    return rows


def rules(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    in_force = ruleset_on(today)
    calendar = selectors.current_calendar()
    language = get_language() or "lv"
    # The days that differ from an ordinary week: holidays and days off on weekdays, and
    # weekend days that are working days (transferred or by an override).
    days_off = []
    end = today + timedelta(days=UPCOMING_DAYS - 1)
    for d in calendar.days(today, end):
        working, weekend = calendar.is_working_day(d), d.weekday() >= 5
        name, override = calendar.reason(d, language), d in calendar.overrides
        if working == (not weekend) and not name and not override:
            continue
        days_off.append({"date": d, "working": working, "name": name, "override": override})
    rulesets = [
        {
            "rs": rs,
            "title": rs.title_lv if language.startswith("lv") else rs.title_en,
            "regulation": regulation_name(rs, language),
            "in_force": rs is in_force,
            # (label, value, "checked" / "unverified" / "default")
            "values": [(row[0], row[1], value_status(rs, row[2]) if len(row) > 2 else "") for row in _values(rs)],
        }
        for rs in RULESETS
    ]
    lv = language.startswith("lv")
    context = {
        "today": today,
        "rulesets": rulesets,
        "step_kinds": [KIND_NAMES[k][0] if lv else KIND_NAMES[k][1] for k in OrgKind],
        "steps": _steps_table(today, lv),
        "legal_bases": [{"label": b.label_lv if lv else b.label_en, "citation": b.citation, "verified": b.verified}
                        for b in LEGAL_BASES],
        "letter_rules": letter_rules_on(today),
        "letter_language": "lv" if lv else "en",
        "overrides": selectors.calendar_overrides(),
        "disclosure": _disclosure_values(today),
        "search": _search_values(today),
        "notices": _notice_rows(today, lv),
        "days_off": days_off,
        "upcoming_days": UPCOMING_DAYS,
        **_criteria_context(language),
    }
    return render(request, "policy/rules.html", context)
