"""Notices from other organisations' events become tasks (the sink of atbalsts.lib.notify).

Called by dotted path (``settings.ATBALSTS_NOTICE_SINK``) inside the transaction of the event.
Who receives a notice is the policy's table (``atbalsts.policy.notifications``), applied to the
active members of the receiving organisation only, so each task is seen and completed by its
owner when acting for that organisation (``access.tasks_of``) and by nobody else.
"""

from __future__ import annotations

from django.utils import timezone

from atbalsts.accounts.models import Membership, Organisation
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib.notify import Tell
from atbalsts.people.models import CaseTeamMember, Client
from atbalsts.policy.notifications import Recipients, rule_for

from .models import Task


def recipients(notice: Tell) -> tuple[Organisation | None, list[int]]:
    """The receiving organisation and the ids of the users to tell, by the policy in force today."""
    rule = rule_for(notice.notice, timezone.localdate())
    organisation = Organisation.objects.filter(pk=notice.organisation_id, is_active=True).first()
    if rule is None or organisation is None:
        return organisation, []
    if rule.organisation_kinds and organisation.kind not in rule.organisation_kinds:
        return organisation, []
    members = Membership.objects.filter(organisation=organisation, is_active=True, user__is_active=True)
    if rule.recipients == Recipients.PERSON:
        found = members.filter(user_id=notice.person_id) if notice.person_id else members.none()
    elif rule.recipients == Recipients.CASE_TEAM:
        team = CaseTeamMember.objects.filter(client_id=notice.client_id, client__organisation=organisation)
        found = members.filter(user_id__in=team.values("user_id")) if notice.client_id else members.none()
        if not found.exists():
            found = members.filter(role__in=rule.fallback_roles)
    else:
        found = members.filter(role__in=rule.roles)
    return organisation, sorted(set(found.values_list("user_id", flat=True)))


def deliver(notice: Tell) -> int:
    organisation, user_ids = recipients(notice)
    if not user_ids:
        return 0
    # The case is linked only when it is a client of the receiving organisation (its case number
    # is then shown next to the task); a client elsewhere stays out of the recipient's list.
    client_id = None
    if notice.client_id and Client.objects.filter(pk=notice.client_id, organisation=organisation).exists():
        client_id = notice.client_id
    Task.objects.bulk_create([
        Task(owner_id=uid, organisation=organisation, title="", due=notice.due, client_id=client_id,
             notice=notice.notice, reference=notice.reference[:60], url=notice.url[:200])
        for uid in user_ids
    ])
    record(None, Action.CREATE, object_type="notice", object_ref=notice.notice, purpose=Purpose.CASEWORK,
           detail={"organisation": organisation.pk, "recipients": user_ids, "reference": notice.reference,
                   "about": list(notice.about) if notice.about else None})
    return len(user_ids)
