"""Contact-log personas: the hotline's operator (``people["hotline"]``), a colleague at the same
hotline, and the operator of another hotline. The app's own catalogues are compiled once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib
import pytest

from atbalsts.accounts.models import Organisation, OrganisationKind, Role
from tests.conftest import actor, make_user

LOCALE_DIR = Path(__file__).resolve().parents[2] / "atbalsts" / "hotline" / "locale"

A_CALL = {
    "channel": "phone",
    "caller_type": "person",
    "caller_choice": "confidential",
    "language": "lv",
    "duration_minutes": 12,
    "indicators": ["documents_confiscated", "debts_to_employer"],
    "exploitation_forms": ["forced_labour"],
    "country": "NO",
    "advice": "Izskaidrojām darba ņēmēja tiesības Norvēģijā.",
    "outcome": "follow_up",
    "shared_categories": [],
    "caller_handle": "",
}


@pytest.fixture(scope="session", autouse=True)
def hotline_catalogues():
    for po_path in LOCALE_DIR.glob("*/LC_MESSAGES/django.po"):
        fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        os.close(fd)
        polib.pofile(str(po_path)).save_as_mofile(tmp)
        os.replace(tmp, po_path.with_suffix(".mo"))
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture
def operator(people):
    return actor(people["hotline"])


@pytest.fixture
def colleague(people, orgs):
    return make_user("hotline2", orgs["hotline"], Role.HOTLINE_OPERATOR)


@pytest.fixture
def other_hotline(db):
    return Organisation.objects.create(name="Test other hotline", kind=OrganisationKind.HOTLINE)


@pytest.fixture
def other_operator(other_hotline):
    return make_user("other_hotline", other_hotline, Role.HOTLINE_OPERATOR)


@pytest.fixture
def call(operator):
    from atbalsts.hotline.services import record_contact

    def _call(**changes):
        return record_contact(operator, {**A_CALL, **changes})

    return _call
