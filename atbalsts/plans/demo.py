"""Demo plans. Called by the lead from ``atbalsts/demo/data.py`` after the existing demo.

``build_plans_demo(orgs, users, today)``
    orgs:  dict of demo organisations by key; uses ``"provider_a"``.
    users: dict of demo users by username; uses ``"soc.darbiniece"`` (social worker, provider A),
           ``"psihologs"`` and ``"jurists"`` (provider A) where they are on the client's case team.
    today: the demo's "today".
    Draws up plans for three existing clients of provider A on the social worker's case team, each
    with 2–3 versions and a review; one plan's next review is overdue. Returns the plans made.
    Calling it again adds nothing (it returns [] once provider A has plans).
Every goal and activity text is synthetic.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef

from atbalsts.accounts.actor import Actor, actor_for
from atbalsts.people.models import CaseTeamMember, Client
from atbalsts.rehabilitation.models import Course

from . import services
from .models import Plan

SW, PSY, LAW = "soc.darbiniece", "psihologs", "jurists"


def _actor(user) -> Actor:
    base = actor_for(user)
    # The demo loader is a system task acting as each worker: the second factor is implied.
    return Actor(user=user, organisation=base.organisation, roles=base.roles, mfa_verified=True)


def _days(today: datetime.date, n: int) -> datetime.date:
    return today + datetime.timedelta(days=n)


def _first_version(sw_id: int, colleague: int | None, today: datetime.date) -> list[dict]:
    helper = {"user": colleague} if colleague else {"role": "psychologist"}
    return [
        {"area": "safety", "text": "Drošs patvērums, līdz situācija nostabilizējas.", "activities": [
            {"text": "Vienoties par vietu patversmē.", "user": sw_id, "due": _days(today, 3)},
        ]},
        {"area": "documents", "text": "Atjaunot pasi.", "activities": [
            {"text": "Pavadīt uz PMLP, apmaksāt nodevu.", "user": sw_id, "due": _days(today, 14)},
        ]},
        {"area": "psychological", "text": "Mazināt traumas sekas.", "activities": [
            {"text": "Individuālas psihologa konsultācijas reizi nedēļā.", **helper, "due": _days(today, 21)},
        ]},
    ]


def _changed(content: dict, today: datetime.date, *, achieve: str, new_goal: dict) -> list[dict]:
    goals = [dict(g, activities=[dict(a) for a in g["activities"]]) for g in content["goals"]]
    for g in goals:
        if g["area"] == achieve:
            g["status"] = "achieved"
        if g["area"] == "documents":
            # The appointment moved: the due date moves with it.
            g["activities"][0]["due"] = _days(today, 28).isoformat()
    return [*goals, new_goal]


def build_plans_demo(orgs, users, today: datetime.date) -> list[Plan]:
    provider = orgs["provider_a"]
    if Plan.objects.filter(organisation=provider).exists():
        return []
    sw = _actor(users[SW])
    # Plans belong with courses: the social worker's clients in a course first.
    in_course = Exists(Course.objects.filter(client=OuterRef("pk"), actual_end__isnull=True))
    clients = list(Client.objects.filter(organisation=provider, team__user=users[SW])
                   .annotate(in_course=in_course).order_by("-in_course", "pk")[:3])
    made = []
    for index, client in enumerate(clients):
        team = dict(CaseTeamMember.objects.filter(client=client).values_list("user_id", "role"))
        colleague = next((users[n].pk for n in (PSY, LAW) if n in users and users[n].pk in team), None)
        services.save_plan_version(sw, client, _first_version(users[SW].pk, colleague, today),
                                   "Plāns sastādīts pēc pirmās tikšanās.", today=today)
        # The first plan's review was long ago and its next review is overdue; the others are recent.
        held = _days(today, -40 if index == 0 else -5)
        review = services.record_review(sw, client, {
            "held_on": held, "participants": [users[SW].pk, *([colleague] if colleague else [])],
            "conclusions": "Patvērums nodrošināts; dokumentu atjaunošana kavējas.",
            "next_review_on": _days(held, 30),
        }, today=today)
        content = client.plan.current_version.data
        services.save_plan_version(sw, client, _changed(content, today, achieve="safety", new_goal={
            "area": "employment", "text": "Sagatavoties darba meklēšanai.", "activities": [
                {"text": "Reģistrēties NVA, sastādīt CV.", "user": users[SW].pk, "due": _days(today, 35)}]}),
            "Pārskatīšanā vienojās: patvērums nodrošināts, pase vēlāk.", review=review, today=today)
        if index == 1:
            content = client.plan.current_version.data
            goals = [*content["goals"], {"area": "legal", "text": "Atbalsts kriminālprocesā.", "activities": [
                {"text": "Jurista konsultācija par cietušā tiesībām.", "role": "lawyer", "due": _days(today, 10)}]}]
            services.save_plan_version(sw, client, goals, "Sākts kriminālprocess.", today=today)
        made.append(Plan.objects.get(client=client))
    return made
