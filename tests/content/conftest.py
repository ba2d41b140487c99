"""Content test helpers: the content and portal catalogues compiled, an empty cache per test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib
import pytest

from tests.portal.conftest import compile_portal_catalogues

CONTENT_LOCALE = Path(__file__).resolve().parents[2] / "atbalsts" / "content" / "locale"
LANGUAGES = ["lv", "en", "ru", "uk"]


@pytest.fixture(scope="session", autouse=True)
def content_catalogues():
    compile_portal_catalogues()
    for po_path in CONTENT_LOCALE.glob("*/LC_MESSAGES/django.po"):
        fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        os.close(fd)
        polib.pofile(str(po_path)).save_as_mofile(tmp)
        os.replace(tmp, po_path.with_suffix(".mo"))
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture
def editor(people):
    """A member of Wagtail's "Moderators" group (may edit and publish), with a second factor."""
    from django.contrib.auth.models import Group

    user = people["org_admin"]
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
