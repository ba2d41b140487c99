"""No raw codes on a page: every staff page of the demo, walked as each role in Latvian and in
English, shows the names of things, never a declared code such as ``police_official`` or ``MK344``."""

import pytest
from django.test import Client as HttpClient

from atbalsts.accounts.models import User
from atbalsts.demo.data import USERS

from .crawl import build_small_demo, codes_shown, declared_codes, staff_pages, visible_text


def test_the_declared_codes_are_found_by_looking_at_the_models_and_catalogues(db):
    codes = declared_codes()
    # A role, a model's status, a policy catalogue's value and a rule set.
    assert {"police_official", "social_worker", "MK344", "MK889"} <= codes
    # Ordinary words are not codes: a page may well say "lawyer" or "food".
    assert "lawyer" not in codes and "food" not in codes


def test_a_code_among_words_is_caught_and_a_word_is_not():
    html = '<p title="police_official">Trūkst: psychologist, police_official</p><script>x="MK344"</script>'
    text = visible_text(html)
    assert codes_shown(text, {"police_official", "MK344", "social_worker"}) == {"police_official"}


def one_user_per_role() -> list[str]:
    chosen, roles = [], set()
    for username, *_names, _org, user_roles in USERS:
        if not set(user_roles) <= roles:
            chosen.append(username)
            roles |= set(user_roles)
    return chosen


@pytest.mark.parametrize("language", ["lv", "en"])
def test_no_staff_page_of_the_demo_shows_a_code(db, monkeypatch, settings, language):
    build_small_demo(monkeypatch, settings)
    codes = declared_codes()
    offenders: dict[str, set[str]] = {}
    visited = 0
    for username in one_user_per_role():
        http = HttpClient()
        http.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
        http.cookies["django_language"] = language

        def get(path, http=http):
            # A role whose start page is elsewhere (the coordinator's dashboard) is sent on.
            response = http.get(path, follow=path == "/")
            return response.status_code, response.get("Content-Type", ""), response.content.decode(errors="replace")

        pages = staff_pages(get)
        assert pages, username
        visited += len(pages)
        for path, html in pages.items():
            for code in codes_shown(visible_text(html), codes):
                offenders.setdefault(code, set()).add(f"{username} {path}")
    assert visited > 40
    assert offenders == {}


def test_the_commission_names_the_missing_members_by_their_role(people, client_record, login, clock_today):
    from atbalsts.identification import services
    from tests.conftest import actor
    from tests.identification.flow import interviewed

    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    interviewed(sw, case)
    commission = services.convene_commission(sw, case, clock_today)
    http = login(people["sw"])
    http.cookies["django_language"] = "lv"
    text = visible_text(http.get(f"/identification/commissions/{commission.pk}/").content.decode())
    warning = text[text.index("Vēl trūkst obligāto komisijas locekļu"):][:200]
    assert "Psihologs" in warning and "Policijas amatpersona" in warning, warning
    assert "police_official" not in text and "psychologist" not in text


def test_the_audit_list_names_what_each_event_was_about(people, client_record, login):
    http = login(people["org_admin"])
    http.cookies["django_language"] = "lv"
    text = visible_text(http.get("/audit/").content.decode())
    assert "klients" in text
    assert "identification_case" not in text and " client " not in f" {text} "


def test_the_hotline_inbox_names_the_language_of_a_report(people, orgs, login):
    from atbalsts.portal.models import AnonymousReport

    AnonymousReport.objects.create(organisation=orgs["hotline"], reference="K7M2P9Q4RX", what_happened="x",
                                   danger_now="no", language="uk")
    http = login(people["hotline"])
    http.cookies["django_language"] = "lv"
    text = visible_text(http.get("/hotline/").content.decode())
    assert "ukraiņu" in text.lower()
    assert " uk " not in f" {text} "


@pytest.mark.parametrize(("language", "name"), [("lv", "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344"),
                                                 ("en", "Cabinet Regulation No. 344 of 16.07.2019")])
def test_the_rules_page_names_the_regulations(people, login, language, name):
    http = login(people["sw"])
    http.cookies["django_language"] = language
    text = visible_text(http.get("/policy/").content.decode())
    assert name in text
    assert "MK344" not in text and "MK889" not in text and "seed 003" not in text
    if language == "lv":
        assert "Cabinet Regulation" not in text and "MK noteikumi Nr. 344, 2.1. punkts" in text
