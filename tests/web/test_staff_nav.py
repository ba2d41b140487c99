"""The staff menu is rendered once per language and kind of actor and reused (ADR 0024): each
role still sees exactly its own menu, in the page's language, and nothing personal is kept."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from atbalsts.web.templatetags import atbalsts_tags
from tests.conftest import actor


@pytest.fixture(autouse=True)
def _empty_menu_memo():
    atbalsts_tags._NAV.clear()
    yield
    atbalsts_tags._NAV.clear()


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_kept_menu_is_what_the_template_renders_for_each_role(people, language):
    with translation.override(language):
        for user in people.values():
            a = actor(user)
            fresh = render_to_string("web/_staff_nav.html", {"actor": a})
            assert atbalsts_tags.staff_nav(a) == fresh
            assert atbalsts_tags.staff_nav(a) == fresh  # from the memo now


def test_roles_and_languages_do_not_share_a_menu(people, login):
    sw, siva = login(people["sw"]), login(people["siva"])
    page = sw.get("/tasks/").content.decode()
    assert 'href="/clients/"' in page and 'href="/decisions/inbox/"' not in page
    page = siva.get("/tasks/").content.decode()
    assert 'href="/decisions/inbox/"' in page and 'href="/clients/"' not in page
    # The same menu again for the social worker, from the memo, and in English when asked.
    assert 'href="/decisions/inbox/"' not in sw.get("/tasks/").content.decode()
    sw.cookies["django_language"] = "en"
    page = sw.get("/tasks/").content.decode()
    assert ">Clients<" in page and ">Klienti<" not in page
    sw.cookies["django_language"] = "lv"
    assert ">Klienti<" in sw.get("/tasks/").content.decode()
    # Kept by language, organisation kind and roles only: no user, no name.
    assert len(atbalsts_tags._NAV) == 3
    from atbalsts.accounts.models import OrganisationKind, Role

    for language, prefix, has_org, kind, roles in atbalsts_tags._NAV:
        assert language in ("lv", "en") and prefix == "/" and has_org is True
        assert kind in OrganisationKind.values and roles <= set(Role.values)


def test_the_memo_is_bounded(people, monkeypatch):
    monkeypatch.setattr(atbalsts_tags, "_NAV_MAX", 2)
    for language in ("lv", "en", "ru"):
        with translation.override(language):
            atbalsts_tags.staff_nav(actor(people["sw"]))
    assert len(atbalsts_tags._NAV) <= 2


def test_in_debug_the_menu_is_rendered_each_time(people, settings):
    # While developing, templates change on disk: the memo is not used then.
    settings.DEBUG = True
    with translation.override("lv"):
        html = atbalsts_tags.staff_nav(actor(people["sw"]))
    assert 'href="/clients/"' in html and atbalsts_tags._NAV == {}
