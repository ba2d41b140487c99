"""Pages another organisation sees under the person's consent (see people.consent)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import access, catalogue


@require_http_methods(["GET"])
def shared_health(request, case_number):
    actor = request.actor
    if actor is None or not actor.may_open_personal_data:
        raise Http404
    shared = access.get_shared_health(actor, case_number)
    entries = [(e.date, [catalogue.label(catalogue.HEALTH_ISSUES, c) for c in e.codes]) for e in shared.entries]
    return render(request, "identification/shared_health.html", {"shared": shared, "entries": entries})
