"""The contact log speaks Latvian, English and Russian: operators talk with callers in these."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "atbalsts" / "hotline" / "locale"


@pytest.mark.parametrize("language", ["lv", "ru"])
def test_the_catalogue_is_complete_and_not_fuzzy(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    entries = [e for e in po if not e.obsolete]
    assert len(entries) > 100
    assert [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags] == []


@pytest.mark.parametrize("language, words", [
    ("lv", ["Reģistrēt kontaktu", "Kas sazinājās", "Ilgums (minūtes)", "Saglabāt kontaktu"]),
    ("ru", ["Записать обращение", "Кто обратился", "Длительность (минуты)", "Сохранить обращение"]),
    ("en", ["Log a contact", "Who got in touch", "Duration (minutes)", "Save the contact"]),
])
def test_the_form_is_shown_in_the_operators_language(login, people, language, words):
    http = login(people["hotline"])
    http.post("/i18n/setlang/", {"language": language, "next": "/hotline/contacts/new/"})
    body = http.get("/hotline/contacts/new/").content.decode()
    assert f'<html lang="{language}"' in body
    for word in words:
        assert word in body


def test_the_log_offers_russian_besides_the_staff_languages(login, people):
    body = login(people["hotline"]).get("/hotline/contacts/").content.decode()
    assert 'name="language" value="ru"' in body
