"""Portal test helpers: the app's own catalogues compiled, an empty cache for every test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib
import pytest
from django.core.cache import cache

LOCALE_DIR = Path(__file__).resolve().parents[2] / "atbalsts" / "portal" / "locale"
PORTAL_LANGUAGES = ["lv", "en", "ru", "uk"]


def compile_portal_catalogues() -> None:
    # ``manage.py compiletranslations`` does this on set-up; compiling here keeps the tests
    # independent of it. Written atomically because test workers run in parallel.
    for po_path in LOCALE_DIR.glob("*/LC_MESSAGES/django.po"):
        fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        os.close(fd)
        polib.pofile(str(po_path)).save_as_mofile(tmp)
        os.replace(tmp, po_path.with_suffix(".mo"))


@pytest.fixture(scope="session", autouse=True)
def portal_catalogues():
    compile_portal_catalogues()
    # Another test in this worker may have loaded the catalogues before the files existed.
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()
