"""Walk the staff pages as a user would: start at the start page and follow every link on the
site's own staff pages, one or two addresses per route (a client page stands for all clients)."""

from __future__ import annotations

import contextlib
import enum
import importlib
import os
import pkgutil
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

# Not staff pages of ours: signing out, the language switch, Django's and Wagtail's admin, the
# API, files, and the public portal (tests/portal and tests/browser cover it).
SKIP = re.compile(r"^/(accounts/logout|i18n/|admin/|cms/|api/|static/|media/|favicon|health/|(lv|en|ru|uk)(/|$))")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


class _Text(HTMLParser):
    """The text a reader sees: no attributes, no scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or match.route)


def staff_pages(get, start: str = "/", per_route: int = 1, limit: int = 200) -> dict[str, str]:
    """{address: html} of every staff page reachable from ``start`` with ``get(path)``, which
    returns (status, content type, text). Addresses without their query string."""
    seen_routes: dict[str, int] = {}
    pages: dict[str, str] = {}
    queue = [start]
    visited = set()
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in visited:
            continue
        visited.add(path)
        route = route_of(path)
        if route is None or seen_routes.get(route, 0) >= per_route:
            continue
        status, content_type, html = get(path)
        if status != 200 or not content_type.startswith("text/html"):
            continue
        seen_routes[route] = seen_routes.get(route, 0) + 1
        pages[path] = html
        links = _Links()
        links.feed(html)
        for href in links.links:
            parts = urlsplit(urljoin(path, href))
            if parts.scheme in ("", "http") and parts.netloc in ("", "testserver") and not SKIP.match(parts.path):
                queue.append(parts.path)
    return pages


def _enums() -> list[type[enum.Enum]]:
    import atbalsts

    for info in pkgutil.walk_packages(atbalsts.__path__, "atbalsts."):
        if ".migrations" in info.name or ".management" in info.name or info.name.endswith((".wsgi", ".asgi")):
            continue
        with contextlib.suppress(Exception):  # a module that needs more than settings holds no catalogue
            importlib.import_module(info.name)
    found, todo = [], list(enum.Enum.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("atbalsts."):
            found.append(cls)
    return found


def declared_codes() -> set[str]:
    """Every code the system declares (model choices, the policy's and catalogues' enumerations)
    that is not an ordinary word: codes joined with an underscore, and the rule sets' codes."""
    from django.apps import apps

    from atbalsts.policy.rules import RULESETS

    codes: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("atbalsts."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str):
                    codes.add(value)
    for cls in _enums():
        for member in cls:
            if isinstance(member.value, str):
                codes.add(member.value)
    codes |= {rs.code for rs in RULESETS}
    return {c for c in codes if "_" in c.strip("_") or c in {rs.code for rs in RULESETS}}


def codes_shown(text: str, codes: set[str]) -> set[str]:
    words = set(re.findall(r"[\w.]+", text))
    return {c for c in codes if c in words}


__all__ = ["build_small_demo", "codes_shown", "declared_codes", "staff_pages", "visible_text"]


def build_small_demo(monkeypatch, settings) -> None:
    """The demo with every stage, every role and every kind of page, but a dozen ordinary clients
    per organisation instead of 200: the pages are the same, the walk is the same, and the build
    takes a fraction of the time. Demo mode, so the demo users need no second factor."""
    from django.core.management import call_command

    from atbalsts.demo import data

    monkeypatch.setattr(data, "CLIENTS", [(org, min(count, 12), lead, team) for org, count, lead, team in data.CLIENTS])
    settings.DEMO_MODE = True
    with open(os.devnull, "w") as quiet:
        call_command("demo", quiet_logins=True, stdout=quiet)
