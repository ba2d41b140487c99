"""Who is told when something happens in another organisation, as dated data.

Each event of the process that someone elsewhere must act on becomes a task on their task list
(and so a line of their daily digest). This table says who receives it:

- ``person``: the one person the event is about (the member invited to a commission);
- ``case_team``: the case team of the case concerned, in the receiving organisation; when that
  organisation has no team for the case, the members holding ``fallback_roles`` there;
- ``roles``: the members of the receiving organisation holding ``roles``.

``organisation_kinds`` narrows the receiving organisations (a consent is told only to a
municipality it names). None of this comes from a regulation: the whole table is a product
default (``verified`` is False), shown as such.

Pure: no Django, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .steps import OrgKind

__all__ = ["NOTICE_TABLES", "Notice", "NoticeRule", "NoticeTable", "Recipients", "notice_rules_on", "rule_for"]


class Notice(StrEnum):
    COMMISSION_INVITATION = "commission_invitation"
    SIVA_DECISION = "siva_decision"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    ANONYMOUS_REPORT = "anonymous_report"


class Recipients(StrEnum):
    PERSON = "person"
    CASE_TEAM = "case_team"
    ROLES = "roles"


@dataclass(frozen=True)
class NoticeRule:
    notice: Notice
    recipients: Recipients
    roles: tuple[str, ...] = ()  # for ROLES
    fallback_roles: tuple[str, ...] = ()  # for CASE_TEAM when the organisation has no team for the case
    organisation_kinds: tuple[str, ...] = ()  # empty: any kind
    due_in_days: int = 0  # after the event, unless the event has its own date (the meeting)
    verified: bool = False


@dataclass(frozen=True)
class NoticeTable:
    effective_from: date
    effective_until: date | None
    rules: tuple[NoticeRule, ...]

    def in_force_on(self, d: date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)


NOTICE_TABLES: tuple[NoticeTable, ...] = (
    NoticeTable(
        effective_from=date(2007, 1, 1),
        effective_until=None,
        rules=(
            NoticeRule(Notice.COMMISSION_INVITATION, Recipients.PERSON),
            # The provider's workers on the person's case team read the decision and tell the person;
            # only they may open its letter, so nobody else is told.
            NoticeRule(Notice.SIVA_DECISION, Recipients.CASE_TEAM),
            # The municipal case's team when the municipality has linked the person; otherwise its
            # social workers, who all see the clients shared with it and can link the person.
            NoticeRule(Notice.CONSENT_GIVEN, Recipients.CASE_TEAM, fallback_roles=("municipal_social_worker",),
                       organisation_kinds=(OrgKind.MUNICIPAL_SOCIAL_SERVICE.value,)),
            NoticeRule(Notice.CONSENT_WITHDRAWN, Recipients.CASE_TEAM, fallback_roles=("municipal_social_worker",),
                       organisation_kinds=(OrgKind.MUNICIPAL_SOCIAL_SERVICE.value,)),
            NoticeRule(Notice.ANONYMOUS_REPORT, Recipients.ROLES, roles=("hotline_operator",),
                       organisation_kinds=(OrgKind.HOTLINE.value,)),
        ),
    ),
)


def notice_rules_on(d: date) -> NoticeTable:
    for table in NOTICE_TABLES:
        if table.in_force_on(d):
            return table
    raise LookupError(f"No notification table is in force on {d.isoformat()}.")


def rule_for(notice: str, d: date) -> NoticeRule | None:
    """The rule for ``notice`` on ``d``; None when nobody is to be told of it then."""
    return next((r for r in notice_rules_on(d).rules if r.notice == notice), None)
