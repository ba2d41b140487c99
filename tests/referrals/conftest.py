from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from atbalsts.people.services import create_client, record_consent
from atbalsts.referrals import services
from tests.conftest import actor


def consent(owner, client, recipient, categories, valid_from: datetime.date | None = None):
    return record_consent(actor(owner), client, {
        "recipient": recipient, "categories": list(categories), "purpose": "Nosūtījums palīdzībai",
        "valid_from": valid_from or timezone.localdate(), "valid_until": None, "method": "in_person"})


def person(owner, **extra):
    data = {"given_names": "Inga", "surname": "Priedīte", "phone": "+371 26000042", "email": "inga@example.lv",
            "birth_date": datetime.date(1990, 5, 6), **extra}
    return create_client(actor(owner), data)


@pytest.fixture
def hotline_caller(people):
    return person(people["hotline"], given_names="Zane", surname="Zvaigzne", phone="+371 26111111")


def send(user, recipient, type_code, **kwargs):
    return services.send_referral(actor(user), recipient=recipient, type_code=type_code, **kwargs)


# Each direction of issue 12 §2: who sends, to whom, with which type.
DIRECTIONS = [
    ("hotline", "provider_a", "hotline_to_provider", {"summary": {"channel": "phone", "forms": ["forced_labour"]}}),
    ("municipal", "provider_a", "municipal_to_provider", {"indicators": ["isolation"]}),
    ("police", "provider_a", "police_to_provider", {"indicators": ["violence_threats"]}),
    ("sw", "provider_b", "provider_to_provider", {"indicators": ["isolation"]}),
    ("sw", "municipal", "provider_to_municipality", {}),
]
