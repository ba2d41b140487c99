"""The demo's news and events (four languages, this month and next) and the content app's own
catalogues (lv, ru, uk) complete."""

from __future__ import annotations

import datetime as dt
import re

import polib
import pytest
from django.utils import timezone

from atbalsts.content.demo import EVENTS, NEWS, build_content_demo
from atbalsts.content.models import RIGA, EventPage, NewsPage

from .conftest import CONTENT_LOCALE, LANGUAGES

TODAY = dt.date(2026, 11, 23)


@pytest.mark.django_db
def test_the_demo_makes_news_and_events_in_all_four_languages_once(client):
    made = build_content_demo(TODAY)
    again = build_content_demo(TODAY)
    assert [p.pk for p in again["news"]] == [p.pk for p in made["news"]]
    assert NewsPage.objects.count() == len(NEWS) * 4
    assert EventPage.objects.count() == len(EVENTS) * 4
    for language in LANGUAGES:
        news = client.get(f"/{language}/info/news/").content.decode()
        assert news.count('class="atb-news-item"') == len(NEWS)
        this_month = client.get(f"/{language}/info/events/?month=2026-11").content.decode()
        next_month = client.get(f"/{language}/info/events/?month=2026-12").content.decode()
        assert this_month.count('class="atb-event"') == 2
        assert next_month.count('class="atb-event"') == 2
    seminar = EventPage.objects.get(slug="demo-seminar-municipal-services", locale__language_code="ru")
    assert timezone.localtime(seminar.start, RIGA) == dt.datetime(2026, 11, 10, 10, 0, tzinfo=RIGA)
    assert "Семинар" in client.get(seminar.url).content.decode()


@pytest.mark.django_db
def test_the_demo_runs_after_the_existing_demo_builder(client, clock):
    from atbalsts.demo.data import build

    clock.move_to(TODAY)  # the demo of TODAY is built on TODAY, as `manage.py demo` does
    build(TODAY)
    made = build_content_demo(TODAY)
    assert len(made["events"]) == len(EVENTS)
    assert client.get("/uk/info/events/?month=2026-12").status_code == 200


@pytest.mark.parametrize("language", ["lv", "ru", "uk"])
def test_the_content_catalogue_is_complete(language):
    po = polib.pofile(str(CONTENT_LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == language
    for entry in po:
        assert re.findall(r"%\(\w+\)s", entry.msgid) == re.findall(r"%\(\w+\)s", entry.msgstr)


def test_every_template_string_of_the_content_app_is_in_its_catalogue():
    pattern = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")
    templates = CONTENT_LOCALE.parent / "templates"
    found = {m.group(2) for p in templates.rglob("*.html") for m in pattern.finditer(p.read_text(encoding="utf-8"))}
    assert len(found) > 10
    for language in ("lv", "ru", "uk"):
        have = {e.msgid for e in polib.pofile(str(CONTENT_LOCALE / language / "LC_MESSAGES" / "django.po"))}
        assert found - have == set(), language
