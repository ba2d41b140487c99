"""The portal is complete in Latvian, Russian and Ukrainian (English is the source)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from .conftest import LOCALE_DIR

PORTAL = LOCALE_DIR.parent
TEMPLATE_STRING = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")
PYTHON_STRING = re.compile(r"""\b_\(\s*"((?:[^"\\]|\\.)+)"\s*[,)]""")


def source_msgids() -> set[str]:
    found: set[str] = set()
    for path in (PORTAL / "templates").rglob("*.html"):
        found |= {m.group(2) for m in TEMPLATE_STRING.finditer(path.read_text(encoding="utf-8"))}
    for path in PORTAL.glob("*.py"):
        found |= {m.group(1).replace('\\"', '"') for m in PYTHON_STRING.finditer(path.read_text(encoding="utf-8"))}
    return found


@pytest.mark.parametrize("language", ["lv", "ru", "uk"])
def test_the_catalogue_has_no_untranslated_or_fuzzy_entries(language):
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert po.percent_translated() == 100
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", ["lv", "ru", "uk"])
def test_every_string_of_the_portal_is_in_the_catalogue(language):
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    have = {entry.msgid for entry in po if not entry.obsolete}
    missing = source_msgids() - have
    assert missing == set(), "run makemessages in atbalsts/portal and translate: " + ", ".join(sorted(missing))


def test_the_source_scan_finds_the_strings_it_should():
    found = source_msgids()
    assert "Leave this site quickly" in found
    assert "I am a child or worried about a child" in found
    assert len(found) > 100


@pytest.mark.parametrize("language", ["lv", "ru", "uk"])
def test_translations_keep_the_phone_numbers_and_placeholders_of_the_source(language):
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    for entry in po:
        assert re.findall(r"\d{3,}", entry.msgid) == re.findall(r"\d{3,}", entry.msgstr), entry.msgid
        assert re.findall(r"%\(\w+\)s", entry.msgid) == re.findall(r"%\(\w+\)s", entry.msgstr), entry.msgid


def test_the_compiled_catalogues_exist():
    for language in ("lv", "ru", "uk"):
        assert Path(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.parametrize("language", ["lv", "ru", "uk"])
def test_the_portal_shows_its_own_translations_not_another_apps(language):
    # The project's catalogue and those of apps listed earlier (admin, allauth) win for a shared
    # msgid; a clash must be resolved with a "portal" context, or the wording drifts.
    from django.utils import translation

    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    with translation.override(language):
        shown = {
            entry.msgid: translation.pgettext(entry.msgctxt, entry.msgid)
            if entry.msgctxt
            else translation.gettext(entry.msgid)
            for entry in po
        }
    assert {e.msgid: shown[e.msgid] for e in po if shown[e.msgid] != e.msgstr} == {}
