"""Comparing two versions of a plan: which goals and activities were added, removed or changed.

Goals and activities keep a ``key`` from the version that introduced them, so a goal whose text was
reworded is "changed", not "removed and added". This module is pure: plain dicts in, plain
dataclasses out; the labels come from the catalogue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"

GOAL_FIELDS = ("area", "text", "status")
ACTIVITY_FIELDS = ("text", "responsible", "due")


def responsible_of(activity: dict) -> str:
    """One comparable value for "who is responsible": a named colleague or a role."""
    return f"user:{activity['user']}" if activity.get("user") else f"role:{activity.get('role', '')}"


def due_of(activity: dict) -> datetime.date | None:
    due = activity.get("due")
    return datetime.date.fromisoformat(due) if due else None


def open_activity_dues(content: dict) -> list[datetime.date]:
    """The due dates of the activities of the open goals ("open" is ``GoalStatus.OPEN``): what the
    reminders remind of. One date per activity, in the content's order."""
    return [due for goal in content.get("goals", []) if goal.get("status") == "open"
            for due in map(due_of, goal.get("activities", [])) if due is not None]


@dataclass
class ActivityChange:
    kind: str
    before: dict | None
    after: dict | None
    changed: list[str] = field(default_factory=list)

    @property
    def due_moved(self) -> bool:
        return "due" in self.changed


@dataclass
class GoalChange:
    kind: str
    before: dict | None
    after: dict | None
    changed: list[str] = field(default_factory=list)
    activities: list[ActivityChange] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return self.kind != SAME or any(a.kind != SAME for a in self.activities)


def _values(activity: dict) -> dict:
    return {"text": activity.get("text", ""), "responsible": responsible_of(activity), "due": activity.get("due")}


def _pair(before: list[dict], after: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Items matched by key: first in the order of ``after``, then the ones only ``before`` had."""
    old = {item["key"]: item for item in before}
    pairs: list[tuple[dict | None, dict | None]] = [(old.get(item["key"]), item) for item in after]
    new_keys = {item["key"] for item in after}
    pairs += [(item, None) for item in before if item["key"] not in new_keys]
    return pairs


def _activity_changes(before: list[dict], after: list[dict]) -> list[ActivityChange]:
    out = []
    for a, b in _pair(before, after):
        if a is None:
            out.append(ActivityChange(ADDED, None, b))
        elif b is None:
            out.append(ActivityChange(REMOVED, a, None))
        else:
            va, vb = _values(a), _values(b)
            changed = [f for f in ACTIVITY_FIELDS if va[f] != vb[f]]
            out.append(ActivityChange(CHANGED if changed else SAME, a, b, changed))
    return out


def compare(before: dict, after: dict) -> list[GoalChange]:
    """Every goal of either version, with what happened to it and to its activities."""
    out = []
    for a, b in _pair(before.get("goals", []), after.get("goals", [])):
        acts = _activity_changes((a or {}).get("activities", []), (b or {}).get("activities", []))
        if a is None:
            out.append(GoalChange(ADDED, None, b, activities=acts))
        elif b is None:
            out.append(GoalChange(REMOVED, a, None, activities=acts))
        else:
            changed = [f for f in GOAL_FIELDS if a.get(f) != b.get(f)]
            out.append(GoalChange(CHANGED if changed else SAME, a, b, changed, acts))
    return out


@dataclass
class Summary:
    goals_added: int = 0
    goals_removed: int = 0
    goals_changed: int = 0
    activities_added: int = 0
    activities_removed: int = 0
    activities_changed: int = 0
    due_dates_moved: int = 0


def summarise(changes: list[GoalChange]) -> Summary:
    s = Summary()
    for g in changes:
        s.goals_added += g.kind == ADDED
        s.goals_removed += g.kind == REMOVED
        s.goals_changed += g.kind == CHANGED
        for a in g.activities:
            s.activities_added += a.kind == ADDED
            s.activities_removed += a.kind == REMOVED
            s.activities_changed += a.kind == CHANGED
            s.due_dates_moved += a.due_moved
    return s
