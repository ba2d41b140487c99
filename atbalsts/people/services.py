"""The only way to change client data. Each function takes the acting user, runs in one
transaction and writes its audit event inside it: the change and its trail land together."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import CASEWORK_ROLES, Actor
from atbalsts.accounts.models import Membership
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .models import CaseTeamMember, Client, FamilyMember, SearchToken, new_case_number
from .search import client_digests

CLIENT_FIELDS = (
    "given_names",
    "surname",
    "personal_code",
    "birth_date",
    "sex",
    "citizenship",
    "languages",
    "phone",
    "email",
    "address",
)
FAMILY_FIELDS = ("relation", "given_names", "surname", "birth_date", "accompanying", "lives_in_latvia")


def _require_casework(actor: Actor) -> None:
    if not actor.may_open_personal_data:
        raise PermissionDenied(_("Your role does not allow working with clients' personal data."))


def _primary_role(actor: Actor) -> str:
    for role in sorted(actor.roles & CASEWORK_ROLES):
        return role
    raise PermissionDenied(_("Your role does not allow working with clients' personal data."))


def reindex(client: Client, key: str | None = None) -> None:
    wanted = client_digests(client, key)
    SearchToken.objects.filter(client=client).exclude(digest__in=wanted).delete()
    have = set(SearchToken.objects.filter(client=client).values_list("digest", flat=True))
    SearchToken.objects.bulk_create([SearchToken(client=client, digest=d) for d in wanted - have])


@transaction.atomic
def create_client(actor: Actor, data: dict[str, Any], purpose: str = Purpose.CASEWORK) -> Client:
    _require_casework(actor)
    unknown = set(data) - set(CLIENT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    client = Client(organisation=actor.organisation, **data)
    # 28^7 numbers: collisions are rare but certain at scale, so draw again when taken.
    while Client.objects.filter(case_number=client.case_number).exists():
        client.case_number = new_case_number()
    client.full_clean(exclude=["case_number"])
    client.save()
    CaseTeamMember.objects.create(client=client, user=actor.user, role=_primary_role(actor))
    reindex(client)
    record(
        actor,
        Action.CREATE,
        object_type="client",
        object_ref=client.case_number,
        purpose=purpose,
        detail={"fields": sorted(k for k, v in data.items() if v not in (None, ""))},
    )
    return client


@transaction.atomic
def update_client(actor: Actor, client: Client, changes: dict[str, Any], purpose: str = Purpose.CASEWORK) -> Client:
    _require_casework(actor)
    unknown = set(changes) - set(CLIENT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    changed = sorted(name for name, value in changes.items() if getattr(client, name) != value)
    if not changed:
        return client
    for name in changed:
        setattr(client, name, changes[name])
    client.full_clean(exclude=["case_number"])
    client.save()
    reindex(client)
    record(
        actor,
        Action.UPDATE,
        object_type="client",
        object_ref=client.case_number,
        purpose=purpose,
        detail={"fields": changed},
    )
    return client


@transaction.atomic
def add_family_member(actor: Actor, client: Client, data: dict[str, Any]) -> FamilyMember:
    _require_casework(actor)
    member = FamilyMember(client=client, **{k: v for k, v in data.items() if k in FAMILY_FIELDS})
    member.full_clean()
    member.save()
    record(
        actor,
        Action.CREATE,
        object_type="family_member",
        object_ref=f"{client.case_number}/F{member.pk}",
        purpose=Purpose.CASEWORK,
        detail={"relation": member.relation, "accompanying": member.accompanying},
    )
    return member


@transaction.atomic
def remove_family_member(actor: Actor, client: Client, member: FamilyMember) -> None:
    _require_casework(actor)
    if member.client_id != client.pk:
        raise PermissionDenied
    ref = f"{client.case_number}/F{member.pk}"
    member.delete()
    record(actor, Action.DELETE, object_type="family_member", object_ref=ref, purpose=Purpose.CASEWORK)


@transaction.atomic
def add_to_case_team(actor: Actor, client: Client, user_id: int) -> CaseTeamMember:
    """Bring a colleague of the same organisation, in a casework role, onto the case."""
    _require_casework(actor)
    membership = (
        Membership.objects.filter(
            user_id=user_id,
            organisation=client.organisation,
            is_active=True,
            role__in=CASEWORK_ROLES,
        )
        .order_by("role")
        .first()
    )
    if membership is None:
        raise ValidationError(_("Only a colleague of this organisation in a casework role can join the case team."))
    member, created = CaseTeamMember.objects.get_or_create(
        client=client, user_id=user_id, defaults={"role": membership.role}
    )
    if created:
        record(
            actor,
            Action.CREATE,
            object_type="case_team_member",
            object_ref=client.case_number,
            purpose=Purpose.CASEWORK,
            detail={"user_id": user_id, "role": membership.role},
        )
    return member


@transaction.atomic
def remove_from_case_team(actor: Actor, client: Client, user_id: int) -> None:
    _require_casework(actor)
    if client.team.count() <= 1:
        raise ValidationError(_("A case needs at least one person on its team."))
    deleted, _n = CaseTeamMember.objects.filter(client=client, user_id=user_id).delete()
    if deleted:
        record(
            actor,
            Action.DELETE,
            object_type="case_team_member",
            object_ref=client.case_number,
            purpose=Purpose.CASEWORK,
            detail={"user_id": user_id},
        )
