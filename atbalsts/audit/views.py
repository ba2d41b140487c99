from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Action, AuditEvent


def events_visible_to(actor):
    """An organisation administrator reads their own organisation's events; a system
    administrator reads all. Nobody else reads the trail."""
    if actor is None or not actor.mfa_verified or actor.organisation is None:
        return None
    if "sys_admin" in actor.roles:
        return AuditEvent.objects.all()
    if "org_admin" in actor.roles:
        return AuditEvent.objects.filter(organisation_id=actor.organisation.pk)
    return None


@require_GET
def events(request):
    qs = events_visible_to(request.actor)
    if qs is None:
        raise Http404
    action = request.GET.get("action", "")
    if action in Action.values:
        qs = qs.filter(action=action)
    ref = request.GET.get("ref", "").strip()
    if ref:
        qs = qs.filter(object_ref__startswith=ref.upper())
    # Newest first by time: numbers count within a chain only (ADR 0022), so events of the same
    # moment are shown by chain, then in their chain's order.
    page = Paginator(qs.order_by("-at", "-chain", "-seq"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {"page": page, "actions": Action.choices, "action": action, "ref": ref},
    )
