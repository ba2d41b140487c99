"""Every staff page of the demo in real Chromium, in Latvian and in English, as the role that
uses it, at 360 px (a phone) and at 1280 px: nothing wider than the screen, no label broken inside
a word at 1280 px, and axe-core (WCAG 2.x A and AA) finds no violation. The pages are found by
walking the links from each role's start page.

Latvian is the language the staff work in, so every check runs there at both widths. The English
pages have the same markup with other words: their width checks run at both widths (English words
are longer or shorter than Latvian ones) and axe-core at the phone width only. The roles are
walked in two halves, so that the test workers share the walk.

To look at the pages, set ATBALSTS_STAFF_SCREENSHOTS=lv (or =all for English too): a full-page
screenshot of each is then kept in test-artefacts/staff-pages/ (git-ignored). They are off by
default because they were a third of this test's time."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.test import Client as HttpClient

from atbalsts.accounts.models import User
from atbalsts.demo.data import USERS
from tests.web.crawl import build_small_demo, staff_pages

from .conftest import describe_violations, run_axe, session_cookie_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTEFACTS = Path(os.environ.get("ATBALSTS_TEST_ARTEFACTS") or Path(__file__).resolve().parents[2] / "test-artefacts")
WIDTHS = {"360": {"width": 360, "height": 780}, "1280": {"width": 1280, "height": 900}}

# The elements that stick out past the right edge of the screen, for the failure message.
WIDER_THAN_SCREEN = """
() => {
  const limit = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > limit + 1) {
      let inside = el.parentElement, clipped = false;
      while (inside) {
        const style = getComputedStyle(inside);
        if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) { clipped = true; break; }
        inside = inside.parentElement;
      }
      const classes = el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '';
      if (!clipped) out.push(el.tagName.toLowerCase() + classes + ' ' + Math.round(box.right) + 'px');
    }
  }
  return out.slice(0, 5);
}
"""

# Words a label should never be broken inside at 1280 px ("Persona s kods"): a line that starts
# in the middle of a word, found letter by letter in the label's visible text (text hidden for
# screen readers only, and the padding of tags, do not count).
BROKEN_WORD = """
() => {
  const out = [];
  for (const el of document.querySelectorAll('dt, th, label, .govuk-summary-list__key')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let broken = false;
    for (let node = walker.nextNode(); node && !broken; node = walker.nextNode()) {
      if (node.parentElement.closest('.govuk-visually-hidden')) continue;
      const text = node.textContent;
      const range = document.createRange();
      let previous = null;
      for (let i = 0; i < text.length; i++) {
        if (/\\s/.test(text[i])) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (!box.width && !box.height) continue;
        if (previous && box.top >= previous.bottom - 2 && !/[\\s\\-\u2010/]/.test(text[i - 1])) {
          broken = true;
          break;
        }
        previous = box;
      }
    }
    if (broken) out.push(el.innerText.slice(0, 40));
  }
  return out.slice(0, 5);
}
"""


def one_user_per_role() -> list[str]:
    chosen, roles = [], set()
    for username, *_names, _org, user_roles in USERS:
        if not set(user_roles) <= roles:
            chosen.append(username)
            roles |= set(user_roles)
    return chosen


def pages_of(user, language: str = "lv") -> list[str]:
    http = HttpClient()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    http.cookies["django_language"] = language

    def get(path):
        # A role whose start page is elsewhere (the coordinator's dashboard) is sent on.
        response = http.get(path, follow=path == "/")
        return response.status_code, response.get("Content-Type", ""), response.content.decode(errors="replace")

    return list(staff_pages(get))


@pytest.mark.parametrize("half", [0, 1])
@pytest.mark.parametrize("language", ["lv", "en"])
def test_every_staff_page_fits_a_phone_and_a_desktop_and_passes_axe(browser, live_server, axe_source, monkeypatch,
                                                                    settings, language, half):
    build_small_demo(monkeypatch, settings)
    shots = ARTEFACTS / "staff-pages"
    shots.mkdir(parents=True, exist_ok=True)
    screenshots = os.environ.get("ATBALSTS_STAFF_SCREENSHOTS", "") in (language, "all")
    problems: list[str] = []
    visited = 0
    axe_runs = 0
    for username in one_user_per_role()[half::2]:
        user = User.objects.get(username=username)
        paths = pages_of(user, language)
        for width, viewport in WIDTHS.items():
            context = browser.new_context(viewport=viewport, locale="lv-LV" if language == "lv" else "en-GB")
            context.add_cookies([session_cookie_for(user, live_server),
                                 {"name": "django_language", "value": language, "url": live_server.url}])
            page = context.new_page()
            for path in paths:
                page.goto(live_server.url + path)
                visited += 1
                name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "start"
                if screenshots:
                    page.screenshot(path=str(shots / f"{language}-{width}-{username}-{name}.png"), full_page=True)
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > viewport["width"]:
                    problems.append(f"{width} px {username} {path}: {wide} px wide; {page.evaluate(WIDER_THAN_SCREEN)}")
                if width == "1280":
                    broken = page.evaluate(BROKEN_WORD)
                    if broken:
                        problems.append(f"{width} px {username} {path}: words broken in labels {broken}")
                if language != "lv" and width != "360":
                    continue
                violations = run_axe(page, axe_source)
                axe_runs += 1
                if violations:
                    problems.append(f"{width} px {username} {path}:\n{describe_violations(violations)}")
            context.close()
    # Each half of the roles has dozens of pages, each seen at both widths; axe-core ran on every
    # Latvian page at both widths and on every English page at the phone width.
    assert visited > 60
    assert axe_runs == (visited if language == "lv" else visited // 2)
    # Nothing is wider than a 360 px phone (checked first: the most common fault).
    phone = [p for p in problems if p.startswith("360 px") and " px wide;" in p]
    assert phone == [], "\n".join(phone)
    # Also held: no page is wider than a 1280 px screen, no label breaks inside a word there, and
    # axe-core finds nothing at either width.
    assert problems == [], "\n".join(problems)


def test_the_broken_word_check_notices_a_split_word_and_nothing_else(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 600})
    try:
        page.set_content(
            '<style>.h{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}'
            '.tag{display:inline-block;padding:4px 8px;background:#eee}</style>'
            '<dl><dt style="width:4.5em;overflow-wrap:break-word;font:bold 19px sans-serif">Personas kods</dt>'
            '<dt style="width:6em;font:19px sans-serif">Pasākums 1.1<br><span class="tag">Bez izmaiņām</span></dt></dl>'
            '<table><tr><th><span class="govuk-visually-hidden h">Darbība</span></th></tr></table>'
        )
        assert page.evaluate(BROKEN_WORD) == ["Personas kods"]
    finally:
        page.close()
