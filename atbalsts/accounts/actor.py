"""Who is acting: the user, the organisation they act for, and their roles there.

Every service and access function takes an ``Actor`` rather than a bare user, so that the
organisation scoping and the audit trail never have to guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists

from atbalsts.lib.prepared import PreparedQuery

from .models import Membership, Organisation, Role, User

# Roles that work with a person's case and may therefore open personal data.
CASEWORK_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.PSYCHOLOGIST,
        Role.LAWYER,
        Role.MEDICAL,
        Role.POLICE_OFFICIAL,
        Role.MUNICIPAL_SOCIAL_WORKER,
        Role.HOTLINE_OPERATOR,
    }
)


@dataclass(frozen=True)
class Actor:
    user: User
    organisation: Organisation | None
    roles: frozenset[str] = field(default_factory=frozenset)
    mfa_verified: bool = False

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def does_casework(self) -> bool:
        return bool(self.roles & CASEWORK_ROLES)

    @property
    def may_open_personal_data(self) -> bool:
        """Personal data needs a casework role, an organisation and a second factor."""
        return self.organisation is not None and self.does_casework and self.mfa_verified

    @property
    def role_label(self) -> str:
        return ",".join(sorted(self.roles))


def user_has_mfa(user: User) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


def mfa_satisfied(user: User) -> bool:
    """Staff must have a second factor; the demo may relax that (with a banner)."""
    return settings.DEMO_MODE or user_has_mfa(user)


def _memberships(user_id: int):
    from allauth.mfa.models import Authenticator

    # Whether a second factor exists comes with the memberships (the same test as allauth's
    # is_mfa_enabled), so that every request asks the database once, not twice.
    return (Membership.objects.filter(user_id=user_id, is_active=True, organisation__is_active=True)
            .select_related("organisation")
            .annotate(user_has_mfa=Exists(Authenticator.objects.filter(user_id=user_id)))
            .order_by("organisation__name", "role"))


# Asked on every signed-in request: compiled once per process (ADR 0024).
_MEMBERSHIPS = PreparedQuery(_memberships, user_id=int)


def actor_for(user: User, organisation_id: int | None = None) -> Actor | None:
    """The actor for a user in one organisation (their first, if not said). None if none."""
    if not user.is_authenticated:
        return None
    memberships = _MEMBERSHIPS(user_id=user.pk)
    if organisation_id is not None:
        memberships = [m for m in memberships if m.organisation_id == organisation_id] or memberships
    if not memberships:
        return Actor(user=user, organisation=None, mfa_verified=mfa_satisfied(user))
    organisation = memberships[0].organisation
    roles = frozenset(m.role for m in memberships if m.organisation_id == organisation.pk)
    mfa_verified = settings.DEMO_MODE or memberships[0].user_has_mfa
    return Actor(user=user, organisation=organisation, roles=roles, mfa_verified=mfa_verified)


def organisations_of(user: User) -> list[Organisation]:
    return list(
        Organisation.objects.filter(memberships__user=user, memberships__is_active=True, is_active=True)
        .distinct()
        .order_by("name")
    )
