"""The coordinator's dashboard in real Chromium (issue 11): in Latvian and English it passes
axe-core with no violation, fits a 360 px screen (tables scroll inside their own box), shows the
charts and writes numbers the Latvian way."""

from __future__ import annotations

import pytest

from .conftest import describe_violations, run_axe, session_cookie_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NARROW = {"width": 360, "height": 780}
HEADING = {"lv": "Valsts statistika", "en": "National statistics"}


@pytest.fixture
def coordinator(people, orgs, clock_today):
    from tests.statistics.records import make

    make(clock_today.year, orgs["provider_a"].pk, orgs["provider_b"].pk)
    return people["statistician"]


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_dashboard_is_accessible_and_fits_a_narrow_screen(browser, live_server, axe_source, coordinator,
                                                               language):
    context = browser.new_context(viewport=NARROW, extra_http_headers={"Accept-Language": language})
    try:
        context.add_cookies([session_cookie_for(coordinator, live_server)])
        page = context.new_page()
        response = page.goto(f"{live_server.url}/")  # the start page sends the coordinator on
        assert response.status == 200
        assert page.url.endswith("/statistics/")
        assert HEADING[language] in page.inner_text("h1")
        assert page.locator("figure svg").count() >= 2
        violations = run_axe(page, axe_source)
        assert violations == [], describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
        if language == "lv":
            # 2 of 3 decisions within 3 working days: 66,7 % (a decimal comma) — or "too few".
            text = page.inner_text("main")
            assert "66,7 %" in text or "par maz" in text.lower() or "pārāk maz" in text.lower()
    finally:
        context.close()
