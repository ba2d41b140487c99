from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from atbalsts.lib import keyset

from .models import Action, AuditEvent

# Newest first by time: numbers count within a chain only (ADR 0022), so events of the same
# moment are shown by chain, then in their chain's order. (chain, seq) is unique: no event is
# shown twice or skipped between pages. Paged by position (issue 14): a national trail holds
# millions of events, and a page number would count them all and skip over them.
ORDER = keyset.Keyset(salt="atbalsts.audit.events", keys=(
    ("at", "at", "datetime", True), ("chain", "chain", "int", True), ("seq", "seq", "int", True)))


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
    ref = request.GET.get("ref", "").strip()[:80]
    if ref:
        qs = qs.filter(object_ref__startswith=ref.upper())
    # The filters without the page position: the paging links keep them.
    query = request.GET.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    context = {"actions": Action.choices, "action": action, "ref": ref, "query": query.urlencode()}
    try:
        page = keyset.paginate(qs, ORDER, after=request.GET.get("after", ""), before=request.GET.get("before", ""))
    except keyset.BadCursor:
        return render(request, "audit/events.html",
                      {**context, "page": None, "events": [], "bad_cursor": True,
                       "first_page": f"?{context['query']}"}, status=400)
    return render(request, "audit/events.html", {**context, "page": page, "events": page.rows})
