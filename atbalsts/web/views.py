from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from atbalsts.accounts import access as accounts_access
from atbalsts.statistics.access import viewer as statistics_viewer

from .dashboard import start_page


@require_GET
def home(request):
    actor = request.actor
    # The national coordinator's start page is the statistics dashboard.
    found = statistics_viewer(actor)
    if found is not None and found.protected:
        return redirect("statistics:dashboard")
    page = start_page(actor, timezone.localdate()) if actor is not None else None
    return render(request, "web/home.html", {"actor": actor, "page": page})


@require_GET
def organisation_members(request):
    """The organisation administrator's read-only list of the organisation's users and their
    roles; 404 for everyone else."""
    rows, cut = accounts_access.organisation_members(request.actor)
    return render(request, "web/members.html", {"actor": request.actor, "rows": rows, "cut": cut,
                                                "limit": accounts_access.MEMBERS_LIMIT})


FAVICON = Path(__file__).parent / "static" / "web" / "favicon.ico"


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on every site whatever the page says: answer it from the
    static file, cached for a day, with no database work."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_not_required
@require_GET
def health(request):
    return HttpResponse("ok", content_type="text/plain")
