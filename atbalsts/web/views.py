from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from atbalsts.statistics.access import viewer as statistics_viewer


@require_GET
def home(request):
    actor = request.actor
    # The national coordinator's start page is the statistics dashboard.
    found = statistics_viewer(actor)
    if found is not None and found.protected:
        return redirect("statistics:dashboard")
    return render(request, "web/home.html", {"actor": actor})


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
