"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright, against pytest-django's live
server, with axe-core (vendored) for the accessibility checks.

Missing Chromium is a failure, not a skip: CI must run these. ``ATBALSTS_SKIP_BROWSER=1`` skips
them knowingly (a machine without a browser)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ATBALSTS_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries Google's hosts at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SESSION_COOKIE = "sessionid"  # the test settings run with DEBUG on: no __Host- prefix


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Module scope on purpose: Playwright's synchronous API keeps
    an asyncio loop marked as running in this thread, which Django's ORM refuses to work under
    (SynchronousOnlyOperation). The ORM is allowed here only while the browser is up, and the
    loop is gone again before the next module's tests run in this worker."""
    if os.environ.get("ATBALSTS_SKIP_BROWSER") == "1":
        pytest.skip("ATBALSTS_SKIP_BROWSER=1: the browser tests were skipped on purpose")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it (apt-get install -y chromium; ./dev test does "
            "this as root) or set ATBALSTS_CHROMIUM to its path. To skip the browser tests knowingly, "
            "set ATBALSTS_SKIP_BROWSER=1.",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    serialized = {
        c.alias: c._test_serialized_contents for c in connections.all() if hasattr(c, "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    # Under the running loop Django hands this thread new connection objects, which lack the
    # database contents serialized at set-up; without them ``serialized_rollback`` silently
    # restores nothing and the seed directory is gone after the first test.
    for alias, contents in serialized.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_source() -> str:
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{AXE} is not the vendored axe-core (see its README)"
    return data.decode("utf-8")


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("portal-360px")


def run_axe(page, axe_source: str) -> list[dict]:
    """axe-core's violations for the page as it is now. The source is evaluated through the
    DevTools protocol, which the page's Content-Security-Policy does not govern; the page itself
    still may not run inline script."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"      at {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"         {node['html'][:200]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def session_cookie_for(user, live_server) -> dict:
    """A signed-in session for the browser, made the way the test client makes one."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return {"name": SESSION_COOKIE, "value": client.cookies[SESSION_COOKIE].value, "url": live_server.url}
