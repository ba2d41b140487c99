"""The CMS pages of the portal in real Chromium: every content page, the news (list and items) and
the calendar (this month, next month, an event) in all four languages pass axe-core with no
violation, fit 360 px, load nothing from another origin, show the quick exit, and leave no cookie
in the browser (no language choice was made, and reading sets none)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from atbalsts.content.initial_pages import PAGES

from .conftest import describe_violations, run_axe
from .test_portal_in_chromium import LANGUAGES, NARROW, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CONTENT_PATHS = ["" if spec["parent"] is None else f"{spec['slug']}/" for spec in PAGES]


def content_addresses(language: str, today) -> list[str]:
    next_month = (today.replace(day=28) + timezone.timedelta(days=7)).strftime("%Y-%m")
    return [
        *(f"/{language}/info/{path}" for path in CONTENT_PATHS),
        f"/{language}/info/events/?month={next_month}",
        f"/{language}/info/events/demo-seminar-municipal-services/",
        f"/{language}/info/news/demo-training-for-social-workers/",
    ]


@pytest.fixture
def demo_content():
    from atbalsts.content.demo import build_content_demo

    today = timezone.localdate()
    build_content_demo(today)
    return today


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_content_page_passes_axe_fits_360px_and_stays_on_this_site(
    browser, live_server, axe_source, screenshot_dir, demo_content, language
):
    visit = Visit(browser, live_server, viewport=NARROW, device_scale_factor=1)
    problems: list[str] = []
    try:
        for address in content_addresses(language, demo_content):
            response = visit.open(address)
            if response.status != 200:
                problems.append(f"{address}: HTTP {response.status}")
                continue
            page = visit.page
            if (lang := page.evaluate("document.documentElement.lang")) != language:
                problems.append(f"{address}: <html lang={lang!r}>")
            if page.locator("#quick-exit").count() != 1:
                problems.append(f"{address}: no quick exit")
            if page.locator("header a[href='tel:112']").count() != 1:
                problems.append(f"{address}: 112 missing from the header")
            if violations := run_axe(page, axe_source):
                problems.append(f"{address}: {len(violations)} axe violation(s)\n{describe_violations(violations)}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                problems.append(f"{address}: {width} px wide at a 360 px viewport (horizontal scrolling)")
            name = address.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
            page.screenshot(path=str(screenshot_dir / f"content-{name}.png"), full_page=True)
        if foreign := visit.foreign_requests():
            problems.append(f"requests that left {visit.origin}: {foreign}")
        if visit.errors:
            problems.append(f"console errors (a CSP violation shows here): {visit.errors}")
        if cookies := visit.context.cookies():
            problems.append(f"cookies after reading: {cookies}")
    finally:
        visit.close()
    assert not problems, f"{language}:\n" + "\n".join(problems)


def test_the_calendar_moves_between_months_without_javascript(browser, live_server, demo_content):
    visit = Visit(browser, live_server, viewport=NARROW, java_script_enabled=False)
    try:
        visit.open("/en/info/events/")
        assert visit.page.locator(".atb-event").count() == 2
        caption = visit.page.inner_text("caption")
        visit.page.click("a[rel=next]")
        assert visit.page.inner_text("caption") != caption
        assert visit.page.locator(".atb-event").count() == 2
        visit.page.click("a[rel=prev]")
        assert visit.page.inner_text("caption") == caption
        visit.page.click(".atb-calendar__events a >> nth=0")
        assert visit.page.locator("h1").count() == 1
        assert visit.context.cookies() == []
    finally:
        visit.close()


def test_every_portal_and_content_page_links_only_to_this_site(browser, live_server, demo_content):
    """Every script, stylesheet, image and form on every public page points at this site, and so does
    every link (or it is tel:/mailto:) — except the directory's links to the organisations' own
    websites (issue 9: external links are fine, loading anything from another host is not), which
    are plain anchors marked rel="noopener noreferrer external"."""
    visit = Visit(browser, live_server, viewport=NARROW)
    pages = ["", "help/", "report/", "report/add/", "x/"]
    try:
        for language in LANGUAGES:
            for address in [f"/{language}/{p}" for p in pages] + content_addresses(language, demo_content):
                visit.open(address)
                urls = visit.page.evaluate(
                    """() => Array.from(document.querySelectorAll('[href],[src],[action]'))
                         .filter(e => !(e.tagName === 'A' && e.closest('.atb-service')
                                        && (e.getAttribute('rel') || '').split(' ').includes('external')
                                        && (e.getAttribute('rel') || '').split(' ').includes('noopener')))
                         .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))"""
                )
                local = ("/", "#", "?", "tel:", "mailto:")
                foreign = [u for u in urls if u.startswith("//") or not u.startswith(local)]
                assert foreign == [], f"{address}: {foreign}"
        assert visit.foreign_requests() == []
    finally:
        visit.close()
