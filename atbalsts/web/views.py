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


@login_not_required
@require_GET
def health(request):
    return HttpResponse("ok", content_type="text/plain")
