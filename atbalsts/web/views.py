from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return render(request, "web/home.html", {"actor": request.actor})


@login_not_required
@require_GET
def health(request):
    return HttpResponse("ok", content_type="text/plain")
