"""The public portal: no sign-in, no cookies on reading pages, language in the address."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import ratelimit
from .cache import public_page_cache
from .forms import AdditionForm, ReportForm, preferred_language_default
from .models import Region, Situation
from .reference import display_reference
from .selectors import directory, hotline_numbers, hotline_organisations
from .services import add_to_report, submit_report

logger = logging.getLogger(__name__)


def _private(response):
    """Pages with what a person wrote, or their reference, are never kept by a cache."""
    add_never_cache_headers(response)
    return response


@login_not_required
@require_GET
@public_page_cache
def home(request):
    return render(request, "portal/home.html", {"situations": Situation.choices})


@login_not_required
@require_GET
@public_page_cache
def help_directory(request):
    # Unknown or doubled values filter nothing: a hand-edited address shows the whole list.
    situation = request.GET.get("situation")
    if situation not in Situation.values:
        situation = None
    region = request.GET.get("region")
    if region not in Region.values:
        region = None
    open_now = request.GET.get("open") == "now"
    filters = {key: value for key, value in (("region", region), ("open", "now" if open_now else None)) if value}
    return render(
        request,
        "portal/directory.html",
        {
            "entries": directory(situation, region=region, open_now=open_now),
            "situations": Situation.choices,
            "situation": situation,
            "situation_label": Situation(situation).label if situation else "",
            "regions": Region.choices,
            "region": region,
            "region_label": Region(region).label if region else "",
            "open_now": open_now,
            # Appended to the situation links so that choosing a situation keeps the other filters.
            "other_filters": urlencode(filters),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def report(request):
    hotlines = list(hotline_organisations())
    if not hotlines:
        return _private(render(request, "portal/report_unavailable.html", {"numbers": hotline_numbers()}))
    if request.method == "POST":
        form = ReportForm(request.POST, hotlines=hotlines)
        if ratelimit.is_limited(request, "report"):
            return _private(render(request, "portal/too_many.html", {"numbers": hotline_numbers()}, status=429))
        if form.is_valid():
            ratelimit.count(request, "report")
        if form.is_valid() and form.is_spam:
            # Probably a script. A person whose browser filled the hidden field by itself gets
            # the form back, cleared of it, and can simply send again.
            form = ReportForm(request.POST.copy(), hotlines=hotlines)
            form.data["website"] = ""
            form.add_error(None, _("Your message was not sent yet. Please check it and send it again."))
        elif form.is_valid():
            data = dict(form.cleaned_data)
            chosen = data.pop("to", None)
            data.pop("website", None)
            organisation = next((h for h in hotlines if h.pk == chosen), hotlines[0])
            try:
                saved = submit_report(organisation, data)
            except Exception as exc:
                # Nothing a person wrote may be lost silently: say so and give the numbers.
                logger.error("An anonymous report could not be stored (%s).", type(exc).__name__)
                return _private(
                    render(
                        request, "portal/report_failed.html", {"numbers": hotline_numbers(), "form": form}, status=503
                    )
                )
            return _private(
                render(request, "portal/report_done.html", {"reference": display_reference(saved.reference)})
            )
    else:
        initial = {"language": preferred_language_default(get_language() or "lv")}
        to = request.GET.get("to", "")
        if to.isdigit() and any(h.pk == int(to) for h in hotlines):
            initial["to"] = int(to)
        form = ReportForm(initial=initial, hotlines=hotlines)
    return _private(render(request, "portal/report_form.html", {"form": form}))


@login_not_required
@require_http_methods(["GET", "POST"])
def report_add(request):
    refused = False
    if request.method == "POST":
        form = AdditionForm(request.POST)
        if ratelimit.is_limited(request, "reference") or ratelimit.is_limited(request, "report"):
            return _private(render(request, "portal/too_many.html", {"numbers": hotline_numbers()}, status=429))
        if form.is_valid() and not form.is_spam:
            addition = add_to_report(form.cleaned_data["reference"], form.cleaned_data["text"])
            if addition is not None:
                ratelimit.count(request, "report")
                return _private(render(request, "portal/report_add_done.html"))
            # A wrong code says nothing about which codes exist, and counts as an attempt.
            ratelimit.count(request, "reference")
            refused = True
    else:
        form = AdditionForm()
    return _private(render(request, "portal/report_add.html", {"form": form, "refused": refused}))


@login_not_required
@require_GET
def quick_exit(request):
    """A plain page with nothing of this site in it, for the 'leave quickly' control."""
    response = render(request, "portal/exit.html")
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_GET
def leave(request):
    """Where the quick exit sends a browser with JavaScript (``location.replace``): on to a neutral
    page on another site (``ATBALSTS_PORTAL_EXIT_URL``), or to the portal's own neutral page when
    none is set. A redirect, so the pages themselves name no other host and the portal's page is
    replaced by the other site's in the history; nothing is stored, no referrer goes along."""
    target = getattr(settings, "ATBALSTS_PORTAL_EXIT_URL", "") or reverse("portal:exit")
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
