"""Synthetic anonymous reports for the demo hotline's inbox. Called by ``atbalsts.demo``.

Idempotent: a hotline that already has reports gets none added.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role

from .models import AnonymousReport, TriageStatus
from .services import add_to_report, set_triage_status, submit_report

DEMO_HOTLINE_NAME = 'Uzticības tālrunis "Palīdzības līnija" (demo)'

# (days before today, hour, what happened, where, danger, safe contact, safe time, language, status, addition)
REPORTS = [
    (0, 9, "Draudzene aizbrauca strādāt uz noliktavu ārzemēs. Darba devējs paņēma viņas pasi, un viņa "
     "saka, ka nevar aizbraukt, kamēr nav atstrādājusi 'parādu'.", "Ārzemēs, pilsētu nezinu", "dont_know",
     "", "", "lv", TriageStatus.NEW, ""),
    (1, 22, "Мне предложили фиктивный брак за деньги, теперь угрожают, если откажусь.", "Рига", "yes",
     "Только сообщения, демо-номер +371 20000000", "после 18:00", "ru", TriageStatus.IN_PROGRESS,
     "Они знают, где я живу."),
    (3, 14, "Знайома з України працює на фермі без договору, їй не платять уже два місяці.",
     "Zemgale", "no", "", "", "uk", TriageStatus.REFERRED, ""),
    (9, 11, "I am a teacher. A student says an 'agency' promised her a job abroad with no documents needed.",
     "Daugavpils", "no", "demo.teacher@example.invalid", "weekdays 15:00–17:00", "en", TriageStatus.CLOSED, ""),
]


@transaction.atomic
def build_portal_demo(today: datetime.date) -> int:
    """Add the synthetic reports to the demo hotline; returns how many were added."""
    hotline = Organisation.objects.filter(name=DEMO_HOTLINE_NAME, kind=OrganisationKind.HOTLINE).first()
    if hotline is None or AnonymousReport.objects.filter(organisation=hotline).exists():
        return 0
    membership = (
        Membership.objects.filter(organisation=hotline, role=Role.HOTLINE_OPERATOR, is_active=True)
        .select_related("user")
        .first()
    )
    # The loader triages as the demo operator; it is a system task, so the second factor is implied.
    operator = (
        Actor(user=membership.user, organisation=hotline, roles=frozenset({Role.HOTLINE_OPERATOR}), mfa_verified=True)
        if membership
        else None
    )
    tz = timezone.get_current_timezone()
    for days_ago, hour, what, where, danger, contact, when, language, status, addition in REPORTS:
        report = submit_report(
            hotline,
            {
                "what_happened": what,
                "where": where,
                "danger_now": danger,
                "safe_contact": contact,
                "safe_time": when,
                "language": language,
            },
        )
        received = datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(hour), tz)
        AnonymousReport.objects.filter(pk=report.pk).update(received_at=received)
        if addition:
            add_to_report(report.reference, addition)
        if operator is not None and status != TriageStatus.NEW:
            set_triage_status(operator, report, status)
    return len(REPORTS)
