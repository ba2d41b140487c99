"""The only way to change client data. Each function takes the acting user, runs in one
transaction and writes its audit event inside it: the change and its trail land together."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import CASEWORK_ROLES, Actor
from atbalsts.accounts.models import Membership, Organisation
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib import documents
from atbalsts.lib.notify import Tell, tell
from atbalsts.policy.notifications import Notice
from atbalsts.statistics import services as statistics

from .models import (
    CaseTeamMember,
    Client,
    Consent,
    ConsentCategory,
    ConsentDocument,
    ConsentMethod,
    FamilyMember,
    SearchToken,
    new_case_number,
)
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
    # The token carries the client's organisation and opening time for the search's page index.
    SearchToken.objects.bulk_create([
        SearchToken(client=client, digest=d, organisation_id=client.organisation_id,
                    client_created_at=client.created_at)
        for d in wanted - have])


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
    if {"sex", "birth_date", "citizenship"} & set(changed):
        # The coarse copies on the person's de-identified statistical records (ADR 0017).
        for ref in client.statistics_refs or []:
            statistics.update_person(ref, sex=client.sex, birth_date=client.birth_date,
                                     citizenship=client.citizenship)
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


# --- consent to share ---------------------------------------------------------------------


def _require_case_team(actor: Actor, client: Client) -> None:
    """Consents are managed by the client's own case team, nobody else."""
    _require_casework(actor)
    if client.organisation_id != actor.organisation.pk or not client.team.filter(user=actor.user).exists():
        raise PermissionDenied(_("Only the client's case team can manage consents."))


def _consent_errors(client: Client, data: dict[str, Any], signed_form) -> tuple[dict[str, str], list[str]]:
    errors: dict[str, str] = {}
    categories = list(dict.fromkeys(data.get("categories") or []))
    unknown = sorted(set(categories) - set(ConsentCategory.values))
    if not categories:
        errors["categories"] = _("Choose at least one category of information the person agreed to share.")
    elif unknown:
        errors["categories"] = _("Unknown categories: %(codes)s") % {"codes": ", ".join(unknown)}
    recipient = data.get("recipient")
    if not isinstance(recipient, Organisation):
        errors["recipient"] = _("Choose the organisation the information may be shared with.")
    elif recipient.pk == client.organisation_id:
        errors["recipient"] = _(
            "Consent is for sharing with another organisation; %(org)s already holds this case."
        ) % {"org": recipient}
    elif not recipient.is_active:
        errors["recipient"] = _("%(org)s is no longer active in the system.") % {"org": recipient}
    if not (data.get("purpose") or "").strip():
        errors["purpose"] = _("Say what the information will be used for.")
    valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
    if not isinstance(valid_from, datetime.date):
        errors["valid_from"] = _("Enter the date from which the consent is valid.")
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The consent cannot end (%(until)s) before it starts (%(from)s).") % {
            "until": valid_until.strftime("%d.%m.%Y"),
            "from": valid_from.strftime("%d.%m.%Y"),
        }
    method = data.get("method")
    if method not in ConsentMethod.values:
        errors["method"] = _("Say how the consent was given.")
    elif method == ConsentMethod.SIGNED_FORM and not signed_form:
        errors["signed_form"] = _(
            "Upload the signed consent form, or record that the consent was given in person."
        )
    return errors, categories


@transaction.atomic
def record_consent(actor: Actor, client: Client, data: dict[str, Any], signed_form=None) -> Consent:
    """Record the person's consent to share the chosen categories with one named organisation.

    ``data``: recipient (Organisation), categories (codes), purpose, valid_from, valid_until
    (or None), method. ``signed_form``: the uploaded signed form, required for a signed form;
    it is checked by content and stored encrypted. Anything wrong: nothing is saved."""
    _require_case_team(actor, client)
    errors, categories = _consent_errors(client, data, signed_form)
    if errors:
        raise ValidationError(errors)
    document = None
    if data["method"] == ConsentMethod.SIGNED_FORM:
        content, content_type = documents.read_upload(signed_form, field="signed_form")
        document = ConsentDocument.objects.create(
            client=client, content=content, content_type=content_type, size=len(content),
            sha256=documents.sha256(content), uploaded_by=actor.user,
        )
    consent = Consent.objects.create(
        client=client,
        recipient=data["recipient"],
        categories=categories,
        purpose=data["purpose"].strip(),
        valid_from=data["valid_from"],
        valid_until=data.get("valid_until"),
        method=data["method"],
        signed_form=document,
        recorded_by=actor.user,
    )
    record(
        actor,
        Action.CREATE,
        object_type="consent",
        object_ref=client.case_number,
        purpose=Purpose.CASEWORK,
        detail={
            "consent": consent.pk,
            "recipient": consent.recipient_id,
            "categories": categories,
            "method": consent.method,
            "valid_from": consent.valid_from.isoformat(),
            "valid_until": consent.valid_until.isoformat() if consent.valid_until else None,
            "document_sha256": document.sha256 if document else None,
        },
    )
    _tell_recipient(Notice.CONSENT_GIVEN, consent)
    return consent


def _tell_recipient(notice: str, consent: Consent) -> None:
    """The organisation a consent names learns that it was given or withdrawn (the policy says
    which kinds of organisation and who in them; the receiving stage says where it acts on it)."""
    tell(Tell(notice=notice, organisation_id=consent.recipient_id, due=timezone.localdate(),
              url=reverse("people:shared_list"), about=("consent", consent.pk)))


def _mark_withdrawn(actor: Actor, consent: Consent) -> None:
    """Withdraw a locked consent row once; a second withdrawal is explained, not repeated."""
    if consent.withdrawn_at is not None:
        raise ValidationError(
            _("This consent was already withdrawn on %(date)s.")
            % {"date": timezone.localtime(consent.withdrawn_at).strftime("%d.%m.%Y")}
        )
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor.user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])


@transaction.atomic
def withdraw_consent(actor: Actor, client: Client, consent: Consent) -> Consent:
    """The person withdraws their consent: it stops counting at once and is kept for the record."""
    _require_case_team(actor, client)
    consent = Consent.objects.select_for_update().filter(pk=consent.pk, client=client).first()
    if consent is None:
        raise PermissionDenied(_("Only the client's case team can manage consents."))
    _mark_withdrawn(actor, consent)
    record(
        actor,
        Action.UPDATE,
        object_type="consent",
        object_ref=client.case_number,
        purpose=Purpose.CASEWORK,
        detail={"consent": consent.pk, "recipient": consent.recipient_id, "withdrawn": True},
    )
    _tell_recipient(Notice.CONSENT_WITHDRAWN, consent)
    return consent


@transaction.atomic
def record_consent_at_recipient(actor: Actor, client: Client, data: dict[str, Any], signed_form) -> Consent:
    """The person came to the recipient's office and signed a consent there: the recipient
    records it on the provider's client, naming itself, with the signed form uploaded (stored
    encrypted). The provider's case team sees it in the client's consents and may rely on it.

    The caller (the recipient's own stage) has already checked that ``client`` is the person in
    front of it; this function checks only that the consent names the actor's own organisation
    and that the signed form is there. Anything wrong: nothing is saved."""
    _require_casework(actor)
    data = {**data, "method": ConsentMethod.SIGNED_FORM}
    errors, categories = _consent_errors(client, data, signed_form)
    recipient = data.get("recipient")
    if "recipient" not in errors and (not isinstance(recipient, Organisation) or recipient.pk != actor.organisation.pk):
        errors["recipient"] = _("A consent recorded at your office can only name your own organisation.")
    if errors:
        raise ValidationError(errors)
    content, content_type = documents.read_upload(signed_form, field="signed_form")
    document = ConsentDocument.objects.create(
        client=client, content=content, content_type=content_type, size=len(content),
        sha256=documents.sha256(content), uploaded_by=actor.user,
    )
    consent = Consent.objects.create(
        client=client, recipient=recipient, categories=categories, purpose=data["purpose"].strip(),
        valid_from=data["valid_from"], valid_until=data.get("valid_until"), method=ConsentMethod.SIGNED_FORM,
        signed_form=document, recorded_by=actor.user, recorded_at_organisation=actor.organisation,
    )
    record(
        actor,
        Action.CREATE,
        object_type="consent",
        object_ref=client.case_number,
        purpose=Purpose.COOPERATION,
        detail={
            "consent": consent.pk,
            "recipient": consent.recipient_id,
            "categories": categories,
            "method": consent.method,
            "given_at": actor.organisation.pk,
            "valid_from": consent.valid_from.isoformat(),
            "valid_until": consent.valid_until.isoformat() if consent.valid_until else None,
            "document_sha256": document.sha256,
        },
    )
    return consent


@transaction.atomic
def withdraw_consent_at_recipient(actor: Actor, consent: Consent) -> Consent:
    """The person withdraws, at the recipient's office, a consent that names that recipient. It
    stops counting at once (withdrawing can only narrow what is shared) and is kept."""
    _require_casework(actor)
    consent = Consent.objects.select_for_update().filter(pk=consent.pk, recipient=actor.organisation).first()
    if consent is None:
        raise PermissionDenied(_("Only a consent that names your organisation can be withdrawn here."))
    _mark_withdrawn(actor, consent)
    record(
        actor,
        Action.UPDATE,
        object_type="consent",
        object_ref=consent.client.case_number,
        purpose=Purpose.COOPERATION,
        detail={"consent": consent.pk, "recipient": consent.recipient_id, "withdrawn": True,
                "withdrawn_at_organisation": actor.organisation.pk},
    )
    return consent
