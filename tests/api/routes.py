"""Every route of the URL resolver, with its parameters filled from the test world."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    pattern: str  # the resolver's pattern, prefixes joined: the key of the expectations table
    name: str | None

    @property
    def params(self) -> list[str]:
        return re.findall(r"(?<!\?P)<(?:\w+:)?(\w+)>", self.pattern) + re.findall(r"\(\?P<(\w+)>", self.pattern)


def all_routes() -> list[Route]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield Route(prefix + str(p.pattern), p.name)

    seen, routes = set(), []
    for route in walk(get_resolver().url_patterns):
        if route.pattern not in seen:
            seen.add(route.pattern)
            routes.append(route)
    return routes


def fill(pattern: str, values: dict[str, str]) -> str:
    """The address of a pattern (path converters and regular expressions) with ``values``."""

    def value(name: str) -> str:
        return str(values[name])

    url = pattern
    # Named groups of regular expressions: find the group's end by counting parentheses.
    while (start := url.find("(?P<")) != -1:
        name = url[start + 4 : url.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(url)):
            if url[end] == "(" and url[end - 1] != "\\":
                depth += 1
            elif url[end] == ")" and url[end - 1] != "\\":
                depth -= 1
                if depth == 0:
                    break
        url = url[:start] + value(name) + url[end + 1 :]
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), url)
    url = url.replace("((?:[\\w\\-]+/)*)", "")  # Wagtail's page path: the site's root page
    url = url.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\", "")
    return "/" + url
