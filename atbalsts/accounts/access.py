"""What an organisation's administrator may read of the people who work there: their own
organisation's users and memberships, nothing of any other organisation. Everyone else gets a
404 (recorded); every listing is written to the audit trail, since names, e-mail addresses and
sign-in times are personal data of the staff."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .actor import Actor
from .models import Membership, Role

# Far more than any organisation of the support system employs; the page says when it stops.
MEMBERS_LIMIT = 500


def may_see_members(actor: Actor | None) -> bool:
    return bool(actor is not None and actor.organisation is not None and actor.mfa_verified
                and actor.has_role(Role.ORG_ADMIN))


@dataclass(frozen=True)
class MemberRow:
    """One user of the organisation: their roles there (labels), whether each is active, and
    when they last signed in."""

    user_pk: int
    name: str
    username: str
    email: str
    account_active: bool
    roles: list[tuple[str, bool]]
    last_login: datetime.datetime | None

    @property
    def active(self) -> bool:
        return self.account_active and any(active for _label, active in self.roles)


def organisation_members(actor: Actor | None) -> tuple[list[MemberRow], bool]:
    """The users with a membership in the actor's organisation, by name, and whether the list
    was cut at :data:`MEMBERS_LIMIT`. 404 (recorded) for anyone but its administrator."""
    if not may_see_members(actor):
        if actor is not None:
            record(actor, Action.DENIED, object_type="organisation_members", purpose=Purpose.ADMINISTRATION)
        raise Http404
    memberships = (Membership.objects.filter(organisation=actor.organisation).select_related("user")
                   .order_by("user__last_name", "user__first_name", "user__username", "user_id", "role"))
    by_user: dict[int, list[Membership]] = {}
    for m in memberships[: MEMBERS_LIMIT * len(Role.values)]:
        by_user.setdefault(m.user_id, []).append(m)
    cut = len(by_user) > MEMBERS_LIMIT
    rows = []
    for ms in list(by_user.values())[:MEMBERS_LIMIT]:
        user = ms[0].user
        rows.append(MemberRow(
            user_pk=user.pk, name=user.get_full_name() or user.username, username=user.username,
            email=user.email, account_active=user.is_active,
            roles=[(str(m.get_role_display()), m.is_active) for m in ms], last_login=user.last_login,
        ))
    record(actor, Action.LIST, object_type="organisation_members", purpose=Purpose.ADMINISTRATION,
           detail={"users": [r.user_pk for r in rows]})
    return rows, cut


def member_counts(actor: Actor | None) -> dict[str, int]:
    """For the start page: how many users of the actor's organisation are active and how many
    memberships are switched off (counts only, nothing of anyone)."""
    if not may_see_members(actor):
        raise Http404
    return Membership.objects.filter(organisation=actor.organisation).aggregate(
        active_users=Count("user", distinct=True, filter=Q(is_active=True, user__is_active=True)),
        inactive_memberships=Count("pk", filter=Q(is_active=False) | Q(user__is_active=False)),
    )
