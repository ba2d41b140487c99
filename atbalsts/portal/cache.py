"""A short-lived cache of whole public reading pages (home, directory, content pages).

Keyed by the full address (the language is its first part) and a generation number that any
change bumps (:func:`invalidate`: publishing in Wagtail, editing the directory), so a change shows
at once while the ``open now`` labels, which change with the clock, are at most
``ATBALSTS_PUBLIC_CACHE_SECONDS`` old. Only plain anonymous GETs that set no cookie and answered
200 are kept: never a form page (its CSRF token), the report flow or a signed-in user's page.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

GENERATION_KEY = "public-pages:generation"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Cache-Control")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate(**_kwargs) -> None:
    """Forget every cached public page (usable directly as a signal receiver)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _key(request) -> str:
    return f"public-pages:{generation()}:{request.get_full_path()}"


def public_page_cache(view):
    """Serve a reading page from the cache for a short while (see the module docstring)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = getattr(settings, "ATBALSTS_PUBLIC_CACHE_SECONDS", 60)
        user = getattr(request, "user", None)
        if seconds <= 0 or request.method not in ("GET", "HEAD") or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            status, content, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Atbalsts-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        cacheable = (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        )
        if cacheable:
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.status_code, response.content, headers), seconds)
        return response

    return wrapped
