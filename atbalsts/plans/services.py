"""The only way to change plans: actor in, one transaction, audit event inside.

Saving the plan — whatever was added, changed or dropped in one submission — writes exactly one new
:class:`PlanVersion`. Invalid input raises a ``ValidationError`` whose keys name the place in the
submitted content (``goals.0.area``, ``goals.1.activities.0.due``) and nothing is saved.
"""

from __future__ import annotations

import datetime
import json
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.people.access import clients_visible_to
from atbalsts.people.models import CaseTeamMember, Client
from atbalsts.policy.rules import ruleset_on
from atbalsts.policy.validators import rules_date_message

from .catalogue import RESPONSIBLE_ROLES, Area, GoalStatus
from .diff import open_activity_dues, responsible_of
from .models import Plan, PlanActivityDue, PlanReview, PlanVersion, ReviewParticipant

P = Purpose.REHABILITATION
MAX_GOALS = 60
MAX_ACTIVITIES = 30
MAX_TEXT = 2000


def _today() -> datetime.date:
    return timezone.localdate()


def _new_key(prefix: str) -> str:
    return prefix + secrets.token_hex(4)


def _require_team(actor: Actor, client: Client) -> None:
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise PermissionDenied(_("Only the client's case team can do this."))


def case_team(client: Client) -> dict[int, str]:
    """The case team of the client: user id -> role on the team."""
    return dict(CaseTeamMember.objects.filter(client=client).values_list("user_id", "role"))


def review_interval(on: datetime.date) -> int:
    return ruleset_on(on).plan_review_interval_days


def _fmt(d: datetime.date) -> str:
    return d.strftime("%d.%m.%Y")


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _clean_activity(raw: dict, old: dict | None, team: dict[int, str], today: datetime.date, path: str,
                    errors: dict[str, list[str]]) -> dict:
    def err(name: str, message: str) -> None:
        errors.setdefault(f"{path}.{name}", []).append(message)

    text = str(raw.get("text") or "").strip()
    if not text:
        err("text", _("Describe the activity."))
    elif len(text) > MAX_TEXT:
        err("text", _("Keep the description under %(n)d characters.") % {"n": MAX_TEXT})
    user = raw.get("user") or None
    role = str(raw.get("role") or "")
    activity = {"key": old["key"] if old else _new_key("a"), "text": text, "user": None, "role": role, "due": None}
    if user is not None:
        try:
            user = int(user)
        except (TypeError, ValueError):
            user = -1
        unchanged = old is not None and old.get("user") == user
        if user in team:
            activity.update(user=user, role=team[user])
        elif unchanged:
            # Named before and since left the team: the plan keeps saying who it was.
            activity.update(user=user, role=old.get("role", ""))
        else:
            err("responsible", _("The responsible person must be a member of the client's case team."))
    elif role not in RESPONSIBLE_ROLES:
        err("responsible", _("Say who is responsible: a member of the case team or a role."))
    due = _as_date(raw.get("due"))
    if due is None:
        err("due", _("Give the date the activity is due (dd.mm.yyyy)."))
    else:
        activity["due"] = due.isoformat()
        moved = old is None or old.get("due") != activity["due"]
        if moved and due < today:
            err("due", _("The due date %(date)s is in the past: give today or a later date.") % {"date": _fmt(due)})
    return activity


def clean_content(client: Client, goals: list[dict], previous: dict | None, today: datetime.date) -> dict:
    """The submitted goals checked and normalised into a version's content, or a ValidationError."""
    errors: dict[str, list[str]] = {}
    team = case_team(client)
    old_goals = {g["key"]: g for g in (previous or {}).get("goals", [])}
    if not isinstance(goals, list) or not goals:
        raise ValidationError({"goals": [_("A plan needs at least one goal.")]})
    if len(goals) > MAX_GOALS:
        raise ValidationError({"goals": [_("A plan can have at most %(n)d goals.") % {"n": MAX_GOALS}]})
    seen: set[str] = set()
    out = []
    for i, raw in enumerate(goals):
        path = f"goals.{i}"
        raw = raw if isinstance(raw, dict) else {}
        key = raw.get("key") or None
        if key is not None and (key not in old_goals or key in seen):
            errors.setdefault(f"{path}.key", []).append(_("This goal is not in the current version of the plan."))
        seen.add(key or "")
        old = old_goals.get(key) if key else None
        area = str(raw.get("area") or "")
        if area not in Area.values:
            errors.setdefault(f"{path}.area", []).append(_("Choose the area of the goal."))
        text = str(raw.get("text") or "").strip()
        if not text:
            errors.setdefault(f"{path}.text", []).append(_("Write the goal."))
        elif len(text) > MAX_TEXT:
            errors.setdefault(f"{path}.text", []).append(
                _("Keep the goal under %(n)d characters.") % {"n": MAX_TEXT})
        status = str(raw.get("status") or GoalStatus.OPEN)
        if status not in GoalStatus.values:
            errors.setdefault(f"{path}.status", []).append(_("Choose the status of the goal."))
        old_acts = {a["key"]: a for a in (old or {}).get("activities", [])}
        acts_raw = raw.get("activities") or []
        if not isinstance(acts_raw, list) or len(acts_raw) > MAX_ACTIVITIES:
            errors.setdefault(f"{path}.activities", []).append(
                _("A goal can have at most %(n)d activities.") % {"n": MAX_ACTIVITIES})
            acts_raw = []
        activities = []
        for j, act in enumerate(acts_raw):
            act = act if isinstance(act, dict) else {}
            akey = act.get("key") or None
            if akey is not None and akey not in old_acts:
                errors.setdefault(f"{path}.activities.{j}.key", []).append(
                    _("This activity is not in the current version of the plan."))
            activities.append(_clean_activity(act, old_acts.get(akey) if akey else None, team, today,
                                              f"{path}.activities.{j}", errors))
        out.append({"key": key or _new_key("g"), "area": area, "text": text, "status": status,
                    "activities": activities})
    if errors:
        raise ValidationError(errors)
    return {"goals": out}


def _comparable(content: dict) -> list:
    return [(g["key"], g["area"], g["text"], g["status"],
             [(a["key"], a["text"], responsible_of(a), a["due"]) for a in g["activities"]])
            for g in content.get("goals", [])]


def _counts(content: dict) -> dict[str, int]:
    goals = content.get("goals", [])
    return {"goals": len(goals), "activities": sum(len(g["activities"]) for g in goals)}


def set_activity_dues(plan: Plan, content: dict) -> None:
    """Replace the plan's stored activity due dates with those of ``content`` (its new current
    version); the caller's transaction keeps both in step."""
    PlanActivityDue.objects.filter(plan=plan).delete()
    PlanActivityDue.objects.bulk_create([PlanActivityDue(plan=plan, due=due) for due in open_activity_dues(content)])


@transaction.atomic
def save_plan_version(actor: Actor, client: Client, goals: list[dict], reason: str, *,
                      base_version: int | None = None, review: PlanReview | None = None,
                      today: datetime.date | None = None) -> PlanVersion:
    """Draw up the plan (version 1) or save a change of it as the next version, all or nothing.

    ``today`` is the day the change is made (Riga time by default); the demo passes its own."""
    _require_team(actor, client)
    today = today or _today()
    reason = (reason or "").strip()
    plan = Plan.objects.select_for_update().filter(client=client).first()
    previous = plan.current_version if plan else None
    if previous is not None and base_version is not None and base_version != previous.number:
        raise ValidationError(_("Someone saved version %(n)d of the plan while you were editing it. Open the plan "
                                "again and make your change there.") % {"n": previous.number})
    content = clean_content(client, goals, previous.data if previous else None, today)
    if not reason:
        raise ValidationError({"reason": [_("Say what changed and why.")]})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": [_("Keep the reason under %(n)d characters.") % {"n": MAX_TEXT}]})
    if previous is not None and _comparable(content) == _comparable(previous.data):
        raise ValidationError(_("Nothing was changed, so no new version was saved."))
    if review is not None and (plan is None or review.plan_id != plan.pk):
        raise ValidationError({"review": [_("That review is not a review of this plan.")]})
    if plan is None:
        plan = Plan.objects.create(client=client, organisation=client.organisation, created_by=actor.user,
                                   next_review_on=today + datetime.timedelta(days=review_interval(today)))
    number = previous.number + 1 if previous else 1
    version = PlanVersion.objects.create(plan=plan, number=number, created_by=actor.user, reason=reason,
                                         content=json.dumps(content, ensure_ascii=False), review=review)
    set_activity_dues(plan, content)
    record(actor, Action.CREATE, object_type="plan_version", object_ref=f"{client.case_number}/v{number}",
           purpose=P, detail={**_counts(content), "version": number, "review": review.pk if review else None})
    return version


@transaction.atomic
def record_review(actor: Actor, client: Client, data: dict[str, Any], *,
                  today: datetime.date | None = None) -> PlanReview:
    """The interdisciplinary team reviewed the plan: who took part, what it concluded, when next."""
    _require_team(actor, client)
    plan = Plan.objects.select_for_update().filter(client=client).first()
    if plan is None:
        raise ValidationError(_("Draw up the plan before recording a review of it."))
    today = today or _today()
    errors: dict[str, list[str]] = {}
    held_on = _as_date(data.get("held_on"))
    if held_on is None:
        errors["held_on"] = [_("Give the date of the review (dd.mm.yyyy).")]
    elif held_on > today:
        errors["held_on"] = [_("A review cannot be recorded before it takes place.")]
    elif rules_date_message(held_on):
        errors["held_on"] = [rules_date_message(held_on)]
        held_on = None
    team = case_team(client)
    participants = []
    for raw in data.get("participants") or []:
        try:
            participants.append(int(raw))
        except (TypeError, ValueError):
            participants.append(-1)
    if not participants:
        errors["participants"] = [_("Choose who took part in the review.")]
    elif any(p not in team for p in participants):
        errors["participants"] = [_("Only members of the client's case team can be recorded as participants.")]
    conclusions = str(data.get("conclusions") or "").strip()
    if not conclusions:
        errors["conclusions"] = [_("Write the conclusions of the review.")]
    elif len(conclusions) > MAX_TEXT * 5:
        errors["conclusions"] = [_("Keep the conclusions under %(n)d characters.") % {"n": MAX_TEXT * 5}]
    next_on = _as_date(data.get("next_review_on"))
    if next_on is not None and rules_date_message(next_on):
        errors["next_review_on"] = [rules_date_message(next_on)]
        next_on = None
    if held_on is not None and next_on is None and "next_review_on" not in errors:
        next_on = held_on + datetime.timedelta(days=review_interval(held_on))
    if held_on is not None and next_on is not None and next_on <= held_on:
        errors["next_review_on"] = [_("The next review must come after this one.")]
    if errors:
        raise ValidationError(errors)
    review = PlanReview.objects.create(plan=plan, held_on=held_on, conclusions=conclusions,
                                       next_review_on=next_on, recorded_by=actor.user)
    ReviewParticipant.objects.bulk_create(
        [ReviewParticipant(review=review, user_id=p, role=team[p]) for p in dict.fromkeys(participants)])
    plan.next_review_on = next_on
    plan.save(update_fields=["next_review_on"])
    record(actor, Action.CREATE, object_type="plan_review", object_ref=f"{client.case_number}/R{review.pk}",
           purpose=P, detail={"held_on": held_on.isoformat(), "next_review_on": next_on.isoformat(),
                              "roles": sorted(team[p] for p in set(participants))})
    return review
