"""The Latvian catalogue: complete, consistent with the code, and what staff actually see.

The staff interface is Latvian by default with English as the other language; msgids are
English. The catalogue lives in ``locale/lv/LC_MESSAGES/django.po`` and is refreshed with

    manage.py makemessages -l lv --ignore=.venv --ignore=var --ignore=frontend \
        --ignore=bench --ignore=tests --no-location --no-obsolete

then compiled with ``manage.py compiletranslations`` (``./dev`` does that before the tests).

An app with its own ``locale/`` directory (the portal) keeps its own catalogue: makemessages
sends that app's strings there, not here. For a msgid present in both, this catalogue wins,
because LOCALE_PATHS comes before the apps' catalogues.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import django
import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PO_PATH = ROOT / "locale" / "lv" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
DJANGO_LV = Path(django.__file__).parent / "conf" / "locale" / "lv" / "LC_MESSAGES" / "django.po"

# %(name)s, %(n)d, %s, %d ... as Python's %-formatting reads them ("%%" is a literal percent sign).
_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]")


# Staff apps that keep their own Latvian catalogue (the portal has its own tests, with ru and uk).
APP_CATALOGUES = {
    app: ROOT / "atbalsts" / app / "locale" / "lv" / "LC_MESSAGES" / "django.po"
    for app in ("rehabilitation", "plans", "municipal", "tasks", "reports", "statistics", "federation", "hotline")
}


def catalogue(path: Path = PO_PATH) -> polib.POFile:
    return polib.pofile(str(path))


def existing_app_catalogues() -> list[Path]:
    return [p for p in APP_CATALOGUES.values() if p.exists()]


@pytest.mark.parametrize("app", sorted(APP_CATALOGUES))
def test_an_apps_own_latvian_catalogue_is_complete_and_not_fuzzy(app):
    path = APP_CATALOGUES[app]
    if not path.exists():
        pytest.skip(f"{app} keeps its strings in the main catalogue")
    po = catalogue(path)
    bad = [e.msgid for e in active_entries(po) if not e.translated() or "fuzzy" in e.flags]
    bad += [e.msgid for e in active_entries(po) if e.msgid_plural and not all(translations_of(e))]
    assert not bad, f"Untranslated or fuzzy msgids in {path.relative_to(ROOT)}:\n" + "\n".join(map(repr, bad))
    assert not po.metadata_is_fuzzy


def active_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def key(entry: polib.POEntry) -> tuple[str | None, str, str | None]:
    return entry.msgctxt, entry.msgid, entry.msgid_plural or None


def placeholders(text: str) -> Counter[str]:
    return Counter(m.group(0) for m in _PLACEHOLDER.finditer(text.replace("%%", "")))


def translations_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# --- the catalogue itself -----------------------------------------------------------------


def test_the_latvian_catalogue_exists_and_has_entries():
    assert PO_PATH.exists(), f"{PO_PATH} is missing: run makemessages -l lv (see this module's docstring)"
    assert len(active_entries(catalogue())) > 100


def test_every_entry_of_the_latvian_catalogue_is_translated():
    po = catalogue()
    untranslated = [e.msgid for e in active_entries(po) if not e.translated() and "fuzzy" not in e.flags]
    # polib counts a plural entry as translated when any form is; every form must be filled.
    untranslated += [e.msgid for e in active_entries(po) if e.msgid_plural and not all(translations_of(e))]
    assert not untranslated, "Untranslated msgids in locale/lv:\n" + "\n".join(map(repr, untranslated))


def test_no_entry_of_the_latvian_catalogue_is_fuzzy():
    po = catalogue()
    fuzzy = [e.msgid for e in active_entries(po) if "fuzzy" in e.flags]
    assert not po.metadata_is_fuzzy, "The header of locale/lv is marked fuzzy"
    assert not fuzzy, "Fuzzy msgids in locale/lv (check the translation, then drop the flag):\n" + "\n".join(
        map(repr, fuzzy)
    )


def test_the_catalogue_uses_the_same_plural_rule_as_djangos_own_latvian_catalogue():
    ours = catalogue().metadata["Plural-Forms"]
    djangos = polib.pofile(str(DJANGO_LV)).metadata["Plural-Forms"]
    assert ours.replace(" ", "") == djangos.replace(" ", "")
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", ours).group(1))
    short = [e.msgid for e in active_entries(catalogue()) if e.msgid_plural and len(e.msgstr_plural) != nplurals]
    assert not short, f"Plural entries without all {nplurals} Latvian forms:\n" + "\n".join(map(repr, short))


def test_every_placeholder_of_a_msgid_is_kept_in_its_translation():
    problems = []
    entries = [e for path in [PO_PATH, *existing_app_catalogues()] for e in active_entries(catalogue(path))]
    for entry in entries:
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        named = {p for s in sources for p in placeholders(s) if p.startswith("%(")}
        positional = [Counter({p: c for p, c in placeholders(s).items() if not p.startswith("%(")}) for s in sources]
        for text in translations_of(entry):
            if not text:
                continue
            found = placeholders(text)
            found_named = {p for p in found if p.startswith("%(")}
            found_positional = Counter({p: c for p, c in found.items() if not p.startswith("%(")})
            if found_named != named or found_positional not in positional:
                problems.append(
                    f"{entry.msgid!r} -> {text!r}: expected {sorted(named)} {dict(positional[0])}, "
                    f"found {sorted(found_named)} {dict(found_positional)}"
                )
    assert not problems, "Placeholders differ between msgid and msgstr:\n" + "\n".join(problems)


def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages over a copy of the code: nothing it finds may be missing from the catalogue."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed; CI installs it, locally: apt-get install gettext")
    try:
        shutil.copytree(
            ROOT / "atbalsts",
            tmp_path / "atbalsts",
            # *.html.py: the transient files of a makemessages running in the working tree.
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "static", "*.mo", "*.html.py", "*.txt.py"),
        )
    except shutil.Error as exc:  # a file that vanished while copying is no loss; anything else is
        if any(not str(why).startswith("[Errno 2]") for _, _, why in exc.args[0]):
            raise
    shutil.copy2(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATBALSTS_")}
    env.update({"ATBALSTS_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "atbalsts.test_settings", "PYTHONPATH": ""})
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "lv", "--no-location", "--no-obsolete"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(tmp_path / "locale" / "lv" / "LC_MESSAGES" / "django.po"))
    committed = {key(e) for e in active_entries(catalogue())}
    missing = [e.msgid for e in active_entries(fresh) if key(e) not in committed]
    # An app with its own catalogue gets its strings there.
    for path in existing_app_catalogues():
        fresh_app = polib.pofile(str(tmp_path / path.relative_to(ROOT)))
        mine = {key(e) for e in active_entries(catalogue(path))}
        missing += [e.msgid for e in active_entries(fresh_app) if key(e) not in mine]
    assert not missing, (
        "Strings marked for translation in the code but missing from locale/lv/LC_MESSAGES/django.po; "
        "run makemessages (see tests/test_translations.py) and translate them:\n" + "\n".join(map(repr, missing))
    )


# --- what staff see -----------------------------------------------------------------------


def require_compiled_catalogue():
    """The pages read the compiled .mo (git-ignored); it must match the .po in the tree."""
    assert MO_PATH.exists(), "locale/lv/LC_MESSAGES/django.mo is missing: run manage.py compiletranslations"
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(MO_PATH)) if e.msgid}
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in active_entries(catalogue())}
    assert compiled == source, "locale/lv/LC_MESSAGES/django.mo is out of date: run manage.py compiletranslations"


def page(http, url: str, language: str) -> str:
    http.cookies["django_language"] = language
    response = http.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_social_worker_who_chose_latvian_sees_the_client_list_in_latvian(people, client_record, login):
    require_compiled_catalogue()
    html = page(login(people["sw"]), "/clients/", "lv")
    assert '<html lang="lv"' in html
    for latvian in ("Klienti", "Jauns klients", "Lietas numurs", "Meklēt"):
        assert latvian in html
    for english in ("New client", "Case number", "Your clients"):
        assert english not in html


def test_a_social_worker_who_chose_english_sees_the_client_list_in_english(people, client_record, login):
    html = page(login(people["sw"]), "/clients/", "en")
    assert '<html lang="en"' in html
    for english in ("Clients", "New client", "Case number", "Search"):
        assert english in html
    for latvian in ("Jauns klients", "Lietas numurs", "Meklēt"):
        assert latvian not in html


@pytest.mark.parametrize("language", ["lv", "en"])
def test_dates_on_the_client_page_are_day_month_year_in_either_language(people, client_record, login, language):
    html = page(login(people["sw"]), f"/clients/{client_record.case_number}/", language)
    assert "14.03.1995" in html
    assert "1995-03-14" not in html and "March 14, 1995" not in html and "14. marts" not in html
