"""Building the plan edit form's POST data the way the page submits it."""

from __future__ import annotations

import datetime


def d(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).strftime("%d.%m.%Y")


def form(goals: list[dict], reason: str = "Pirmā versija", **extra) -> dict:
    """goals: [{"key", "area", "text", "status", "remove", "activities": [{"key", "text", "responsible",
    "due", "remove"}]}] -> the POST fields of /plans/<case>/edit/."""
    data = {"goals-total": str(len(goals)), "reason": reason, **extra}
    for i, g in enumerate(goals):
        p = f"g{i}"
        data.update({f"{p}-key": g.get("key", ""), f"{p}-area": g.get("area", ""), f"{p}-text": g.get("text", ""),
                     f"{p}-status": g.get("status", "open")})
        if g.get("remove"):
            data[f"{p}-remove"] = "on"
        acts = g.get("activities", [])
        data[f"{p}-acts"] = str(len(acts))
        for j, a in enumerate(acts):
            q = f"{p}-a{j}"
            data.update({f"{q}-key": a.get("key", ""), f"{q}-text": a.get("text", ""),
                         f"{q}-responsible": a.get("responsible", ""), f"{q}-due": a.get("due", "")})
            if a.get("remove"):
                data[f"{q}-remove"] = "on"
    return data


def first_plan(user_id: int) -> list[dict]:
    return [
        {"area": "housing", "text": "Atrast drošu mājokli", "activities": [
            {"text": "Pieteikties sociālajam dzīvoklim", "responsible": f"user:{user_id}", "due": d(10)},
        ]},
        {"area": "documents", "text": "Atjaunot pasi", "activities": [
            {"text": "Pavadīt uz PMLP", "responsible": "role:lawyer", "due": d(20)},
        ]},
    ]


def current_form(plan) -> list[dict]:
    """The current version as the edit form posts it back."""
    goals = []
    for g in plan.current_version.data["goals"]:
        goals.append({**g, "activities": [
            {**a, "responsible": f"user:{a['user']}" if a.get("user") else f"role:{a['role']}",
             "due": "{2}.{1}.{0}".format(*a["due"].split("-"))} for a in g["activities"]]})
    return goals
