import datetime

import pytest
from django.utils import timezone

from atbalsts.decisions import services as decision_services
from atbalsts.decisions.demo import _received_for_deadline
from tests.conftest import actor
from tests.identification.flow import recognised_case

# A fixed working Monday, so that "due today" exists.
TODAY = datetime.date(2026, 11, 23)
SOURCES = ["atbalsts.decisions.reminders", "tests.tasks.fake_source"]


@pytest.fixture(autouse=True)
def _today_and_sources(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.ATBALSTS_REMINDER_SOURCES = SOURCES


@pytest.fixture
def application_due_today(people, orgs, client_record):
    case = recognised_case(people, orgs, client_record)
    received = _received_for_deadline(TODAY)
    app = decision_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": "person", "signatory_name": "X",
        "signed_on": received, "received_on": received})
    assert app.deadline == TODAY
    return app
