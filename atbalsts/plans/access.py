"""The only way to read plans.

The client's own case team reads everything (scoped by ``people.access.clients_visible_to``);
another organisation reads the current plan only under the person's active consent for the
"plan" category, and each such showing is recorded as a disclosure citing the consent. Anything
missing or not the actor's is a 404; every read, list and refusal is written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.people.access import clients_visible_to
from atbalsts.people.consent import active_consent, record_disclosure
from atbalsts.people.models import Client, ConsentCategory

from .models import Plan, PlanReview, PlanVersion

P = Purpose.REHABILITATION


def plans_visible_to(actor: Actor | None) -> QuerySet[Plan]:
    """Plans of the clients whose case team includes the actor."""
    return Plan.objects.filter(client__in=clients_visible_to(actor))


def _client(actor: Actor | None, case_number: str, purpose: str = P) -> Client:
    client = clients_visible_to(actor).filter(case_number=case_number).first()
    if client is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="plan", object_ref=case_number[:80], purpose=purpose)
        raise Http404
    return client


@dataclass
class PlanView:
    client: Client
    plan: Plan | None
    version: PlanVersion | None

    @property
    def data(self) -> dict:
        return self.version.data if self.version else {"goals": []}


def _current(client: Client) -> tuple[Plan | None, PlanVersion | None]:
    plan = Plan.objects.filter(client=client).first()
    return plan, (plan.current_version if plan else None)


def open_plan(actor: Actor | None, case_number: str) -> PlanView:
    """The current plan of a client of the actor's case team (or none yet)."""
    client = _client(actor, case_number)
    plan, version = _current(client)
    record(actor, Action.READ, object_type="plan", object_ref=client.case_number, purpose=P,
           detail={"version": version.number if version else None})
    return PlanView(client, plan, version)


def list_versions(actor: Actor | None, case_number: str) -> tuple[Client, list[PlanVersion]]:
    client = _client(actor, case_number)
    versions = list(PlanVersion.objects.filter(plan__client=client).select_related("created_by", "review")
                    .order_by("-number"))
    record(actor, Action.LIST, object_type="plan_version", object_ref=client.case_number, purpose=P,
           detail={"versions": [v.number for v in versions]})
    return client, versions


def get_version(actor: Actor | None, case_number: str, number: int) -> tuple[Client, PlanVersion]:
    client = _client(actor, case_number)
    version = PlanVersion.objects.filter(plan__client=client, number=number).select_related("created_by").first()
    if version is None:
        record(actor, Action.DENIED, object_type="plan_version", object_ref=f"{client.case_number}/v{number}",
               purpose=P)
        raise Http404
    record(actor, Action.READ, object_type="plan_version", object_ref=f"{client.case_number}/v{number}",
           purpose=P)
    return client, version


def compare_versions(actor: Actor | None, case_number: str, a: int, b: int
                     ) -> tuple[Client, PlanVersion, PlanVersion]:
    client = _client(actor, case_number)
    found = {v.number: v for v in PlanVersion.objects.filter(plan__client=client, number__in=[a, b])
             .select_related("created_by")}
    if a not in found or b not in found:
        record(actor, Action.DENIED, object_type="plan_version", object_ref=f"{client.case_number}/v{a}-v{b}",
               purpose=P)
        raise Http404
    record(actor, Action.READ, object_type="plan_version", object_ref=f"{client.case_number}/v{a}-v{b}",
           purpose=P, detail={"compare": [a, b]})
    return client, found[a], found[b]


def list_reviews(actor: Actor | None, case_number: str) -> tuple[PlanView, list[PlanReview]]:
    client = _client(actor, case_number)
    plan, version = _current(client)
    reviews = list(PlanReview.objects.filter(plan__client=client).prefetch_related("participants__user",
                                                                                    "versions"))
    record(actor, Action.LIST, object_type="plan_review", object_ref=client.case_number, purpose=P,
           detail={"reviews": [r.pk for r in reviews]})
    return PlanView(client, plan, version), reviews


def get_review(actor: Actor | None, case_number: str, pk: int) -> PlanReview:
    """A review of this client's plan (to link a new version to it)."""
    client = _client(actor, case_number)
    review = PlanReview.objects.filter(plan__client=client, pk=pk).first()
    if review is None:
        record(actor, Action.DENIED, object_type="plan_review", object_ref=f"{client.case_number}/R{pk}", purpose=P)
        raise Http404
    record(actor, Action.READ, object_type="plan_review", object_ref=f"{client.case_number}/R{pk}", purpose=P)
    return review


def shared_plan(actor: Actor | None, case_number: str) -> PlanView:
    """The current plan shown to another organisation under the person's consent "plan"."""
    client = Client.objects.filter(case_number=case_number).select_related("organisation").first()
    allowed = (
        client is not None
        and actor is not None
        and actor.may_open_personal_data
        and actor.organisation is not None
        and actor.organisation.pk != client.organisation_id
    )
    consent = active_consent(client, actor.organisation, ConsentCategory.PLAN) if allowed else None
    plan, version = _current(client) if consent is not None else (None, None)
    if version is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type="plan", object_ref=case_number[:80], purpose=Purpose.COOPERATION,
                   detail={"shared": True})
        raise Http404
    record_disclosure(actor, client, ConsentCategory.PLAN, consent, what=f"plan v{version.number}")
    return PlanView(client, plan, version)
