"""Editing in Wagtail at /cms/: only editors with a second factor get in (others 404, the public
is sent to the one sign-in); drafts, revisions, publish and unpublish; the public page cache
follows a publish at once."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Locale

from atbalsts.content.initial import content_home
from atbalsts.content.models import InfoPage

pytestmark = pytest.mark.django_db


def signs_page(language: str = "lv") -> InfoPage:
    return InfoPage.objects.get(slug="signs", locale=Locale.objects.get(language_code=language))


# --- who reaches /cms/ ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/cms/", "/cms/pages/", "/cms/login/"])
def test_the_public_is_sent_to_the_allauth_sign_in_not_wagtails(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "/cms/login/" not in response["Location"].split("?")[0]


@pytest.mark.parametrize("who", ["sw", "hotline", "siva", "statistician", "outsider"])
def test_signed_in_staff_without_editing_rights_get_404(login, people, who):
    response = login(people[who]).get("/cms/")
    assert response.status_code == 404
    assert login(people[who]).get(f"/cms/pages/{content_home().pk}/").status_code == 404


def test_an_editor_without_a_second_factor_is_sent_to_set_one_up(login, people):
    from django.contrib.auth.models import Group

    user = people["no_mfa"]
    user.groups.add(Group.objects.get(name="Editors"))
    response = login(user).get("/cms/")
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]


def test_an_editor_with_a_second_factor_gets_the_admin_with_its_own_narrow_csp(login, editor):
    http = login(editor)
    response = http.get("/cms/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The relaxation stays under /cms/: the same signed-in editor's public page keeps the strict one.
    public = http.get("/lv/info/")
    assert "unsafe-inline" not in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"
    # Side by side: the translation editor of wagtail-localize opens for a translated page.
    edit = http.get(f"/cms/pages/{signs_page('ru').pk}/edit/")
    assert edit.status_code == 200
    assert b"wagtail-localize" in edit.content or b"translation-editor" in edit.content


def test_the_wagtail_admin_pulls_nothing_from_another_host(login, editor):
    html = login(editor).get(f"/cms/pages/{signs_page().pk}/edit/").content.decode()
    for marker in ("gravatar.com", "fonts.googleapis", "cdn.", "//unpkg", "jsdelivr"):
        assert marker not in html


# --- drafts, revisions, publishing ----------------------------------------------------------


def test_a_draft_is_not_public_until_published_and_revisions_are_kept(client, editor):
    page = signs_page()
    before = page.revisions.count()
    client.get("/lv/info/signs/")
    assert client.get("/lv/info/signs/")["X-Atbalsts-Cache"] == "hit"

    page.title = "Pazīmes (labots)"
    draft = page.save_revision(user=editor)
    assert page.revisions.count() == before + 1
    assert InfoPage.objects.get(pk=page.pk).has_unpublished_changes
    assert "Pazīmes (labots)" not in client.get("/lv/info/signs/").content.decode()

    draft.publish(user=editor)
    shown = client.get("/lv/info/signs/")
    assert "Pazīmes (labots)" in shown.content.decode(), "the publish must empty the page cache"
    assert shown.get("X-Atbalsts-Cache") != "hit"

    # An older revision can be brought back.
    page.refresh_from_db()
    page.revisions.order_by("pk").first().publish(user=editor)  # the oldest, whatever the clock said
    assert "Pazīmes (labots)" not in client.get("/lv/info/signs/").content.decode()


def test_unpublishing_takes_the_page_off_the_site_at_once(client, editor):
    assert client.get("/en/info/contacts/").status_code == 200
    page = InfoPage.objects.get(slug="contacts", locale__language_code="en")
    page.unpublish(user=editor)
    assert client.get("/en/info/contacts/").status_code == 404
    assert 'href="/en/info/contacts/"' not in client.get("/en/info/").content.decode()
    page.save_revision(user=editor).publish(user=editor)
    assert client.get("/en/info/contacts/").status_code == 200


def test_the_admin_publishes_through_http(login, editor, client):
    page = signs_page("en")
    http = login(editor)
    client.get("/en/info/signs/")  # now cached
    response = http.post(f"/cms/pages/{page.pk}/unpublish/", {"include_descendants": ""})
    assert response.status_code == 302
    assert client.get("/en/info/signs/").status_code == 404


# --- the cache ------------------------------------------------------------------------------


def test_reading_pages_are_cached_briefly_and_form_pages_never(client, orgs):
    assert client.get("/lv/info/signs/").get("X-Atbalsts-Cache") is None
    assert client.get("/lv/info/signs/")["X-Atbalsts-Cache"] == "hit"
    for path in ("/lv/", "/lv/help/"):
        client.get(path)
        assert client.get(path)["X-Atbalsts-Cache"] == "hit"
    # The report form carries a CSRF token: never cached, always a fresh token and cookie.
    client.get("/lv/report/")
    again = client.get("/lv/report/")
    assert again.get("X-Atbalsts-Cache") is None
    assert "csrftoken" in again.cookies


def test_the_cache_is_keyed_by_language_and_month(client):
    lv = client.get("/lv/info/events/?month=2026-01").content.decode()
    en = client.get("/en/info/events/?month=2026-01").content.decode()
    feb = client.get("/en/info/events/?month=2026-02").content.decode()
    assert "Janvāris" in lv and "January" in en and "February" in feb


def test_signed_in_users_are_never_served_from_the_cache(client, login, people):
    client.get("/lv/info/")
    assert login(people["sw"]).get("/lv/info/").get("X-Atbalsts-Cache") is None


def test_editing_the_directory_empties_the_cache(client, orgs):
    from atbalsts.portal.models import Service

    client.get("/en/help/")
    assert client.get("/en/help/")["X-Atbalsts-Cache"] == "hit"
    service = Service.objects.filter(is_active=True).first()
    service.is_active = False
    service.save()
    response = client.get("/en/help/")
    assert response.get("X-Atbalsts-Cache") is None
    assert service.name not in response.content.decode()


def test_no_cache_for_a_zero_lifetime(client, settings):
    settings.ATBALSTS_PUBLIC_CACHE_SECONDS = 0
    client.get("/lv/info/")
    assert Client().get("/lv/info/").get("X-Atbalsts-Cache") is None


def test_the_wagtail_admin_api_is_not_in_the_openapi_schema():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert schema["paths"]
    assert [path for path in schema["paths"] if path.startswith("/cms/")] == []
