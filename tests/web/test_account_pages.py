"""Every sign-in and account page wears the staff frame, speaks Latvian and English, and never
offers a sign-up (accounts are made by each organisation's administrator)."""

import re

import pytest
from django.test import Client as HttpClient

PASSWORD = "a-long-test-password-1"
SIGN_UP = re.compile(r"sign[ -]?up|reģistr|/accounts/signup", re.IGNORECASE)


def http_in(language: str) -> HttpClient:
    http = HttpClient()
    http.cookies["django_language"] = language
    return http


def assert_framed(response, language: str) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert f'<html lang="{language}" class="govuk-template">' in html
    assert 'class="govuk-header"' in html and 'class="govuk-footer"' in html
    assert 'href="/static/web/atbalsts.css"' in html
    # The way back: the frame's home link.
    assert 'class="govuk-header__link govuk-header__link--homepage"' in html
    assert not SIGN_UP.search(html), SIGN_UP.search(html)
    return html


ANONYMOUS_PAGES = {
    # path: (Latvian words, English words) that only a translated page shows
    "/accounts/login/": ("Pieteikties", "Sign In"),
    "/accounts/password/reset/": ("Atjaunot paroli", "Password Reset"),
    "/accounts/password/reset/done/": ("Mēs esam jums nosūtījuši e-pastu", "We have sent you an email"),
    "/accounts/password/reset/key/1-set-password/": ("Nederīgs marķieris", "Bad Token"),
}


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize("path", list(ANONYMOUS_PAGES))
def test_an_anonymous_account_page_wears_the_frame_in_the_chosen_language(db, path, language):
    html = assert_framed(http_in(language).get(path, follow=True), language)
    latvian, english = ANONYMOUS_PAGES[path]
    assert (latvian if language == "lv" else english) in html


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_second_factor_page_wears_the_frame(people, language):
    http = http_in(language)
    assert http.post("/accounts/login/", {"login": "sw", "password": PASSWORD}).status_code == 302
    html = assert_framed(http.get("/accounts/2fa/authenticate/"), language)
    assert ("Divfaktoru autentifikācija" if language == "lv" else "Two-Factor Authentication") in html


SIGNED_IN_PAGES = {
    "/accounts/2fa/": ("Divfaktoru autentifikācija", "Two-Factor Authentication"),
    "/accounts/password/change/": ("Mainīt paroli", "Change Password"),
    # Asks for the password again first (allauth's reauthentication), in the same frame.
    "/accounts/2fa/recovery-codes/generate/": ("Apstiprināt piekļuvi", "Confirm Access"),
    "/accounts/logout/": ("Vai jūs tiešām vēlaties iziet?", "Are you sure you want to sign out?"),
}


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize("path", list(SIGNED_IN_PAGES))
def test_a_signed_in_account_page_wears_the_frame(people, login, path, language):
    http = login(people["sw"])
    http.cookies["django_language"] = language
    html = assert_framed(http.get(path, follow=True), language)
    latvian, english = SIGNED_IN_PAGES[path]
    assert (latvian if language == "lv" else english).lower() in html.lower()
    # Signed in, the frame shows the menu and the way out.
    assert 'action="/accounts/logout/"' in html


def signed_in(user, language: str) -> HttpClient:
    """Signed in, and the password just confirmed again, as allauth asks before the pages that
    change the second factor."""
    http = http_in(language)
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert http.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    return http


@pytest.mark.parametrize("language", ["lv", "en"])
def test_setting_up_the_authenticator_wears_the_frame(people, language):
    http = signed_in(people["no_mfa"], language)
    html = assert_framed(http.get("/accounts/2fa/totp/activate/"), language)
    assert ("Autentifikatora kods" if language == "lv" else "Authenticator code") in html


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_recovery_codes_wear_the_frame(people, language):
    http = signed_in(people["sw"], language)
    assert_framed(http.get("/accounts/2fa/recovery-codes/generate/"), language)
    assert http.post("/accounts/2fa/recovery-codes/generate/").status_code == 302
    html = assert_framed(http.get("/accounts/2fa/recovery-codes/"), language)
    assert ("Atkopšanas kodi" if language == "lv" else "Recovery Codes") in html
    html = assert_framed(http.get("/accounts/2fa/totp/deactivate/"), language)
    assert ("Deaktivizēt" if language == "lv" else "Deactivate") in html


def test_signing_up_is_not_offered_at_all(db):
    assert HttpClient().get("/accounts/signup/").status_code == 404
    assert HttpClient().post("/accounts/signup/", {"username": "x"}).status_code == 404


def test_in_demo_mode_the_account_pages_show_the_banner(db, settings):
    settings.DEMO_MODE = True
    html = assert_framed(http_in("lv").get("/accounts/login/"), "lv")
    assert 'class="atb-demo-banner"' in html
    settings.DEMO_MODE = False
    assert 'class="atb-demo-banner"' not in http_in("lv").get("/accounts/login/").content.decode()
