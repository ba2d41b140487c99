"""Every public page, in every language: it opens, it sets no cookie, it loads nothing from
anywhere else, and the way out is always one key press away."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import PORTAL_LANGUAGES

pytestmark = pytest.mark.django_db

READING_PAGES = ["", "help/", "help/?situation=abroad", "help/?situation=professional", "x/"]
FORM_PAGES = ["report/", "report/add/"]
TEMPLATES = Path(__file__).resolve().parents[2] / "atbalsts" / "portal" / "templates"


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.elements


def focusable(html: str) -> list[tuple[str, dict]]:
    found = []
    for tag, attrs in elements(html):
        if attrs.get("tabindex") == "-1":
            continue
        if (tag == "a" and "href" in attrs) or tag in ("button", "select", "textarea") or (
            tag == "input" and attrs.get("type") != "hidden"
        ):
            found.append((tag, attrs))
    return found


def is_external_link(tag: str, attrs: dict) -> bool:
    """A plain link to an organisation's own website (issue 9: links are fine, loading is not)."""
    rel = (attrs.get("rel") or "").split()
    return tag == "a" and "external" in rel and "noopener" in rel and "noreferrer" in rel


def foreign_urls(html: str) -> list[str]:
    """Every URL in src/href/action that is not relative to this site (plain external links aside)."""
    urls = [
        value
        for tag, attrs in elements(html)
        if not is_external_link(tag, attrs)
        for name, value in attrs.items()
        if name in ("src", "href", "action", "srcset", "poster", "data") and value
    ]
    allowed = re.compile(r"^(/(?!/)|#|\?|tel:|mailto:)")
    return [u for u in urls if not allowed.match(u)]


@pytest.fixture
def hotline(orgs):
    return orgs["hotline"]


@pytest.mark.parametrize("language", PORTAL_LANGUAGES)
@pytest.mark.parametrize("page", READING_PAGES + FORM_PAGES)
def test_every_page_opens_in_every_language_with_its_language_on_html(client, hotline, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language", PORTAL_LANGUAGES)
@pytest.mark.parametrize("page", READING_PAGES)
def test_reading_pages_set_no_cookies(client, hotline, language, page):
    response = client.get(f"/{language}/{page}")
    assert dict(response.cookies) == {}
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("page", FORM_PAGES)
def test_form_pages_set_only_the_csrf_cookie(client, hotline, page):
    response = client.get(f"/lv/{page}")
    assert set(response.cookies) == {"csrftoken"}


@pytest.mark.parametrize("language", PORTAL_LANGUAGES)
@pytest.mark.parametrize("page", READING_PAGES + FORM_PAGES)
def test_no_page_refers_to_another_host(client, hotline, language, page):
    html = client.get(f"/{language}/{page}").content.decode()
    assert foreign_urls(html) == []
    # Other hosts' addresses appear only in the directory's plain links to them.
    html = re.sub(r'<a [^>]*rel="noopener noreferrer external"[^>]*>[^<]*</a>', "", html)
    assert "http://" not in html
    assert "https://" not in html


def test_the_url_check_would_notice_another_host():
    html = '<a href="https://example.org/">x</a><img src="//cdn.example.org/a.png"><form action="/ok/">'
    assert foreign_urls(html) == ["https://example.org/", "//cdn.example.org/a.png"]
    # A plain link marked external is allowed; an image from that host still is not.
    html = '<a href="https://example.org/" rel="noopener noreferrer external">x</a><img src="https://example.org/a.png">'
    assert foreign_urls(html) == ["https://example.org/a.png"]


@pytest.mark.parametrize("page", ["", "help/", "report/", "report/add/"])
def test_the_quick_exit_is_the_first_thing_after_the_skip_link(client, hotline, page):
    html = client.get(f"/ru/{page}").content.decode()
    first, second = focusable(html)[:2]
    assert first[1]["href"] == "#main-content"
    assert second[1].get("id") == "quick-exit"
    assert second[1]["href"] == "/ru/x/"
    assert '<script src="/static/portal/exit.js" defer></script>' in html


def test_the_exit_script_replaces_the_history_entry_on_click_and_on_double_escape():
    script = (TEMPLATES.parent / "static" / "portal" / "exit.js").read_text(encoding="utf-8")
    assert "location.replace(" in script
    assert '"Escape"' in script
    assert '"click"' in script


def test_the_script_leaves_through_the_portals_redirect_and_the_link_for_its_neutral_page(client):
    html = client.get("/uk/").content.decode()
    exit_link = next(attrs for _tag, attrs in focusable(html) if attrs.get("id") == "quick-exit")
    assert exit_link["href"] == "/uk/x/"
    assert exit_link["data-leave-to"] == "/uk/leave/"


@pytest.mark.parametrize("language", PORTAL_LANGUAGES)
def test_leaving_redirects_to_the_neutral_page_on_another_site_and_keeps_nothing(client, settings, language):
    settings.ATBALSTS_PORTAL_EXIT_URL = "https://neutral.example/"
    response = client.get(f"/{language}/leave/")
    assert response.status_code == 302
    assert response["Location"] == "https://neutral.example/"
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert dict(response.cookies) == {}


def test_without_another_site_leaving_goes_to_the_portals_neutral_page(client, settings):
    settings.ATBALSTS_PORTAL_EXIT_URL = ""
    response = client.get("/lv/leave/")
    assert response.status_code == 302
    assert response["Location"] == "/lv/x/"


@pytest.mark.parametrize("language", PORTAL_LANGUAGES)
def test_the_quick_exit_page_is_neutral_and_never_stored(client, language):
    response = client.get(f"/{language}/x/")
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode().lower()
    for word in ("traffick", "tirdzniec", "торгов", "palīdz", "help", "помощ", "допомог", "atbalsts",
                 "hotline", "uzticīb", "довер", "112", "110", "exit", "portal"):
        assert word not in text, word


@pytest.mark.parametrize("language", PORTAL_LANGUAGES)
def test_emergency_numbers_are_in_the_header_of_every_page(client, language):
    html = client.get(f"/{language}/help/").content.decode()
    header = html.split('<header', 1)[1].split("</header>", 1)[0]
    assert 'href="tel:112"' in header
    assert 'href="tel:110"' in header


def test_the_language_switcher_links_to_the_same_page_in_the_other_languages(client):
    html = client.get("/ru/help/?situation=child").content.decode()
    for code in ("lv", "en", "uk"):
        assert f'href="/{code}/help/?situation=child"' in html
    assert 'href="/ru/help/?situation=child"' not in html
    languages = html.split('class="atb-portal-languages"', 1)[1].split("</nav>", 1)[0]
    assert "<form" not in languages
    # The directory's only form is its filter, sent with GET: nothing is posted, nothing stored.
    assert 'method="post"' not in html.lower()


def test_pages_are_translated(client):
    assert "Kur saņemt palīdzību" in client.get("/lv/help/").content.decode()
    assert "Где получить помощь" in client.get("/ru/help/").content.decode()
    assert "Де отримати допомогу" in client.get("/uk/help/").content.decode()
    assert "Where to get help" in client.get("/en/help/").content.decode()


def test_descriptions_are_shown_in_the_visitors_language(client):
    assert "Трудовая инспекция" in client.get("/ru/help/?situation=labour").content.decode()
    assert "Про порушення з боку роботодавця" in client.get("/uk/help/?situation=labour").content.decode()


def test_an_unknown_staff_address_is_a_plain_404_not_a_redirect_to_the_portal(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404


def test_portal_templates_have_no_inline_script_or_style():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\sstyle=", text), path
        assert "<style" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path
