"""A read-only page for staff: the rule sets, the calendar overrides and the coming days off."""

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atbalsts.policy import selectors
from atbalsts.policy.rules import RULESETS, Role, RuleSet, SupportKind, ruleset_on

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
}

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


def _values(rs: RuleSet) -> list[tuple[object, object]]:
    """(label, value) rows for one rule set."""
    return [
        (_("Course length, calendar days"), rs.course_max_days),
        (_("Warnings before the course ends, days left"), ", ".join(map(str, rs.course_warning_days))),
        (_("SIVA decision, working days"), rs.siva_decision_working_days),
        (_("After-care consultations"), rs.aftercare_consultations),
        (_("Hours per after-care consultation"), rs.aftercare_consultation_hours),
        (_("After-care window after the course, years"), rs.aftercare_window_years),
        (_("Reminder before the after-care window closes, days"), rs.aftercare_reminder_days),
        (_("After-care given by"), ", ".join(map(str, _labels(rs.aftercare_specialist_roles, ROLE_LABELS)))),
        (_("Criminal-proceedings support, hours per support year"), rs.proceedings_support_hours_per_year),
        (_("Criminal-proceedings support, years"), rs.proceedings_support_years),
        (
            _("Kinds of criminal-proceedings support"),
            ", ".join(map(str, _labels(rs.proceedings_support_kinds, SUPPORT_KIND_LABELS))),
        ),
        (
            _("Kinds allowed with state-ensured legal aid"),
            ", ".join(map(str, _labels(rs.legal_aid_allowed_kinds, SUPPORT_KIND_LABELS))),
        ),
        (_("Reminder before a support year ends, days"), rs.support_year_reminder_days),
        (_("Consultations per minor family member"), rs.family_consultations_per_member),
        (_("Highest eligible age of a family member"), rs.family_member_max_age),
        (
            _("Specialist commission must include"),
            ", ".join(map(str, _labels(rs.commission_required_roles, ROLE_LABELS))),
        ),
        (_("Age of majority (a minor is recognised without means)"), rs.minor_age),
        (_("Reflection period for a non-EU victim, days"), rs.reflection_period_max_days),
        (_("Plan review interval, days"), rs.plan_review_interval_days),
        (_("Reminder before a plan review or activity is due, days"), rs.plan_reminder_days),
        (
            _("Municipal case teams are assigned by (besides the team itself; a default, not from the sources)"),
            ", ".join(map(str, _labels(rs.municipal_team_assigner_roles, ROLE_LABELS))),
        ),
    ]


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
            "in_force": rs is in_force,
            "values": _values(rs),
        }
        for rs in RULESETS
    ]
    context = {
        "today": today,
        "rulesets": rulesets,
        "overrides": selectors.calendar_overrides(),
        "days_off": days_off,
        "upcoming_days": UPCOMING_DAYS,
    }
    return render(request, "policy/rules.html", context)
