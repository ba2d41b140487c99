"""The start page's sections, one per kind of work, built from what the stages already hold.

Each section asks the stage's own access functions, so it sees exactly what the actor's pages
would show (organisation, case team, consent) and records what it shows. Every list is short
(``ROWS``) and every count one query, so the page costs the same however large the caseload.
The windows ("ends soon", "recently") are policy data: ``RuleSet.start_page_course_ending_days``
and ``start_page_recent_days``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from atbalsts.accounts import access as accounts_access
from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import OrganisationKind, Role
from atbalsts.decisions import access as decisions_access
from atbalsts.hotline import access as hotline_access
from atbalsts.identification import access as identification_access
from atbalsts.identification.models import CaseStatus
from atbalsts.municipal import access as municipal_access
from atbalsts.people import access as people_access
from atbalsts.policy.rules import ruleset_on
from atbalsts.portal import access as portal_access
from atbalsts.referrals import access as referrals_access
from atbalsts.rehabilitation import access as rehabilitation_access
from atbalsts.tasks import access as tasks_access

# The most rows any list of the start page shows; the counts say how many there are in all.
ROWS = 10

# The roles that do a provider's case work (the commission's police member works elsewhere).
PROVIDER_CASEWORK = (Role.SOCIAL_WORKER, Role.PSYCHOLOGIST, Role.LAWYER, Role.MEDICAL)


@dataclass
class Tasks:
    items: list
    total: int
    overdue: int
    due_today: int
    capped: bool = False  # the counts are "at least" (see tasks.access.TaskPage)


@dataclass
class Casework:
    # (status label, count) in the process's order; only the statuses that have cases.
    stages: list[tuple[str, int]]
    cases: int
    running_courses: int
    ending: list
    ending_count: int
    ending_within: int
    answers: list
    answers_count: int


@dataclass
class Municipal:
    shared: list
    shared_count: int
    changes: people_access.ConsentChanges
    own_cases: int


@dataclass
class Hotline:
    contacts: list
    contacts_count: int
    reports: list
    reports_count: int
    referrals: list
    referrals_count: int


@dataclass
class StartPage:
    today: datetime.date
    since: datetime.date
    tasks: Tasks | None = None
    casework: Casework | None = None
    siva: decisions_access.SivaOverview | None = None
    commissions: identification_access.Seats | None = None
    municipal: Municipal | None = None
    hotline: Hotline | None = None
    members: dict | None = None
    sections: list[str] = field(default_factory=list)


def _tasks(actor: Actor, today: datetime.date) -> Tasks:
    page = tasks_access.task_page(actor, today, ROWS)
    return Tasks(items=page.items, total=page.total, overdue=page.overdue, due_today=page.due_today,
                 capped=page.capped)


def _casework(actor: Actor, today: datetime.date, since: datetime.date) -> Casework:
    rs = ruleset_on(today)
    counts = identification_access.case_counts_by_status(actor)
    stages = [(str(status.label), counts[status.value]) for status in CaseStatus if counts.get(status.value)]
    ending, ending_count, running = rehabilitation_access.courses_ending(
        actor, today, rs.start_page_course_ending_days, ROWS)
    answers, answers_count = decisions_access.answers_for_team(actor, since, ROWS)
    return Casework(stages=stages, cases=sum(counts.values()), running_courses=running, ending=ending,
                    ending_count=ending_count, ending_within=rs.start_page_course_ending_days,
                    answers=answers, answers_count=answers_count)


def _municipal(actor: Actor, today: datetime.date, since: datetime.date) -> Municipal:
    shared = people_access.shared_with_us(actor, on=today)
    return Municipal(shared=shared[:ROWS], shared_count=len(shared),
                     changes=people_access.consent_changes_for_us(actor, since, on=today, limit=ROWS),
                     own_cases=municipal_access.cases_visible_to(actor).count())


def _hotline(actor: Actor, since: datetime.date) -> Hotline:
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    contacts, contacts_count = ([], 0)
    if hotline_access.may_keep_contact_log(actor):
        contacts, contacts_count = hotline_access.recent_contacts(actor, start, ROWS)
    reports, reports_count = ([], 0)
    if portal_access.may_use_hotline_inbox(actor):
        reports, reports_count = portal_access.reports_to_follow_up(actor, ROWS)
    referrals, referrals_count = referrals_access.open_referrals(actor, ROWS)
    return Hotline(contacts=contacts, contacts_count=contacts_count, reports=reports, reports_count=reports_count,
                   referrals=referrals, referrals_count=referrals_count)


def start_page(actor: Actor, today: datetime.date) -> StartPage:
    """The sections of the actor's roles in the organisation they act for; a user with several
    roles gets several sections."""
    since = today - datetime.timedelta(days=ruleset_on(today).start_page_recent_days)
    page = StartPage(today=today, since=since)
    organisation = actor.organisation
    if organisation is None:
        return page
    if actor.may_open_personal_data:
        page.tasks = _tasks(actor, today)
        page.sections.append("tasks")
    if (organisation.kind == OrganisationKind.SERVICE_PROVIDER and actor.may_open_personal_data
            and actor.has_role(*PROVIDER_CASEWORK)):
        page.casework = _casework(actor, today, since)
        page.sections.append("casework")
    if decisions_access.is_siva(actor):
        page.siva = decisions_access.siva_overview(actor, today, ROWS)
        page.sections.append("siva")
    if actor.mfa_verified and actor.has_role(Role.POLICE_OFFICIAL, Role.SPECIALIST):
        page.commissions = identification_access.my_commissions(actor, today, since, ROWS)
        page.sections.append("commissions")
    if municipal_access.is_municipal_worker(actor):
        page.municipal = _municipal(actor, today, since)
        page.sections.append("municipal")
    if hotline_access.may_keep_contact_log(actor) or portal_access.may_use_hotline_inbox(actor):
        page.hotline = _hotline(actor, since)
        page.sections.append("hotline")
    if accounts_access.may_see_members(actor):
        page.members = accounts_access.member_counts(actor)
        page.sections.append("members")
    return page
