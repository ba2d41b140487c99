"""The content tree (issue 5): every page exists, is live and is served in lv, en, ru and uk,
under the portal's language prefix, with the portal's safety rules (quick exit, 112/110, no
cookies, no other hosts, strict CSP)."""

from __future__ import annotations

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from atbalsts.content.initial import content_home
from atbalsts.content.initial_pages import PAGES
from atbalsts.content.models import EventIndexPage, InfoPage, NewsIndexPage
from tests.portal.test_public_pages import focusable, foreign_urls

from .conftest import LANGUAGES

pytestmark = pytest.mark.django_db

PATHS = ["" if spec["parent"] is None else f"{spec['slug']}/" for spec in PAGES]


def live_tree(language: str) -> dict[str, Page]:
    home = content_home().get_translation(Locale.objects.get(language_code=language))
    return {page.slug if page.depth > 2 else "": page for page in home.get_descendants(inclusive=True).live()}


def test_the_initial_content_is_there_after_migrate_in_latvian_first():
    home = content_home()
    assert isinstance(home.specific, InfoPage)
    assert home.live and home.locale.language_code == "lv"
    slugs = {p.slug for p in home.get_children().live()}
    assert slugs == {spec["slug"] for spec in PAGES if spec["parent"] == "info"}
    assert NewsIndexPage.objects.filter(locale__language_code="lv").count() == 1
    assert EventIndexPage.objects.filter(locale__language_code="lv").count() == 1


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_every_page_of_the_tree_is_translated_and_live(language):
    source = live_tree("lv")
    target = live_tree(language)
    assert set(target) == set(source)
    for slug, page in source.items():
        translated = target[slug]
        assert translated.translation_key == page.translation_key
        assert translated.live
        assert translated.title != page.title, f"{slug} in {language} still has the Latvian title"


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_translations_are_wagtail_localize_translations_with_every_segment_translated(language):
    """So editors get them side by side with the Latvian text in the CMS."""
    locale = Locale.objects.get(language_code=language)
    for page in live_tree("lv").values():
        source = TranslationSource.objects.get_for_instance_or_none(page)
        assert source is not None, page.slug
        assert Translation.objects.filter(source=source, target_locale=locale, enabled=True).exists()
        segments = StringSegment.objects.filter(source=source)
        done = StringTranslation.objects.filter(
            translation_of__in=segments.values("string"), context__in=segments.values("context"), locale=locale
        )
        assert segments.count() > 0
        assert done.count() == segments.count(), page.slug


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PATHS)
def test_every_content_page_opens_in_its_language(client, language, path):
    response = client.get(f"/{language}/info/{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    page = live_tree(language)[path.rstrip("/")]
    assert f'<h1 class="govuk-heading-xl">{page.title}</h1>' in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PATHS)
def test_content_pages_keep_the_portal_safety_rules(client, language, path):
    response = client.get(f"/{language}/info/{path}")
    html = response.content.decode()
    # No cookie at all: no session, no CSRF token, no language cookie.
    assert dict(response.cookies) == {}
    assert "Set-Cookie" not in response.headers
    # Nothing from or to another host.
    assert foreign_urls(html) == []
    assert "http://" not in html and "https://" not in html
    # The quick exit right after the skip link; 112 and 110 in the header.
    first, second = focusable(html)[:2]
    assert first[1]["href"] == "#main-content"
    assert second[1]["id"] == "quick-exit" and second[1]["href"] == f"/{language}/x/"
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'href="tel:112"' in header and 'href="tel:110"' in header
    # The strict policy: no inline script or style allowed.
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy
    assert "<script>" not in html and " style=" not in html


def test_the_language_switcher_on_a_content_page_links_to_the_same_page(client):
    html = client.get("/ru/info/signs/").content.decode()
    for code in ("lv", "en", "uk"):
        assert f'href="/{code}/info/signs/"' in html


def test_the_content_is_really_in_each_language(client):
    assert "Pazīmes, ka cilvēku izmanto" in client.get("/lv/info/signs/").content.decode()
    assert "Signs that someone is exploited" in client.get("/en/info/signs/").content.decode()
    assert "Признаки эксплуатации" in client.get("/ru/info/signs/").content.decode()
    assert "Ознаки експлуатації" in client.get("/uk/info/signs/").content.decode()
    # Template strings of the content app, too.
    assert "Потрібна допомога зараз?" in client.get("/uk/info/signs/").content.decode()
    assert "Vajag palīdzību tūlīt?" in client.get("/lv/info/").content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_portal_home_and_navigation_link_the_content(client, orgs, language):
    html = client.get(f"/{language}/").content.decode()
    nav = html.split('class="atb-portal-nav"', 1)[1].split("</nav>", 1)[0]
    for path in ("", "news/", "events/"):
        assert f'href="/{language}/info/{path}"' in nav
    for page in live_tree(language).values():
        if page.depth == 3:
            assert f'href="{page.url}"' in html, page.slug


def test_an_unknown_content_address_is_404_and_staff_addresses_are_not_redirected(client):
    assert client.get("/lv/info/no-such-page/").status_code == 404
    assert client.get("/no-such-staff-page/").status_code in (302, 404)
    assert client.get("/info/signs/").status_code == 302  # no prefix: to the default language


def test_post_to_a_content_page_is_refused(client):
    assert client.post("/lv/info/signs/").status_code in (403, 405)
