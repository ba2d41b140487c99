import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from atbalsts.people.services import create_client
from atbalsts.rehabilitation.models import AftercareEntry, Course, ServiceEntry
from tests.conftest import actor

TODAY = datetime.date(2026, 11, 23)
SPECIALISTS = ["social_worker", "psychologist", "lawyer", "medical"]
SUPPORT = ["interpreter", "court_representation"]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def new_client(user, surname="Kalniņa"):
    return create_client(actor(user), {"given_names": "Ilze", "surname": surname})


def course(client, start, actual_end=None):
    return Course.objects.create(client=client, organisation=client.organisation, start=start, actual_end=actual_end)


@pytest.fixture
def sample(people):
    """Two clients of provider A (one on sw's team, one on psy's) and one of provider B.

    Period used by the tests: 01.10.2026–31.10.2026."""
    by = people["sw"].pk
    mine = new_client(people["sw"], "Bērziņa")
    theirs = new_client(people["psy"], "Ozola")
    other_org = new_client(people["outsider"], "Liepa")
    c1 = course(mine, datetime.date(2026, 9, 20))  # running: 1–31 October all in, 31 days
    ServiceEntry.objects.create(course=c1, kind="consultation", on=datetime.date(2026, 10, 2),
                                specialist="psychologist", hours=Decimal("1.50"), recorded_by_id=by)
    ServiceEntry.objects.create(course=c1, kind="consultation", on=datetime.date(2026, 10, 9), specialist="lawyer",
                                hours=Decimal("2"), recorded_by_id=by)
    ServiceEntry.objects.create(course=c1, kind="consultation", on=datetime.date(2026, 9, 30), specialist="lawyer",
                                hours=Decimal("5"), recorded_by_id=by)  # before the period
    ServiceEntry.objects.create(course=c1, kind="shelter", on=datetime.date(2026, 10, 31), nights=7,
                                children_nights=14, recorded_by_id=by)
    ServiceEntry.objects.create(course=c1, kind="goods", on=datetime.date(2026, 10, 15), goods_category="food",
                                amount_eur=Decimal("45.20"), recorded_by_id=by)
    ServiceEntry.objects.create(course=c1, kind="goods", on=datetime.date(2026, 11, 1), goods_category="food",
                                amount_eur=Decimal("99.99"), recorded_by_id=by)  # after the period
    c2 = course(theirs, datetime.date(2026, 5, 1), actual_end=datetime.date(2026, 10, 5))  # 5 days in October
    ServiceEntry.objects.create(course=c2, kind="documents", on=datetime.date(2026, 10, 3),
                                amount_eur=Decimal("30"), recorded_by_id=by)
    AftercareEntry.objects.create(course=c2, kind="aftercare_consultation", on=datetime.date(2026, 10, 20),
                                  hours=Decimal("1"), specialist="social_worker", recorded_by_id=by)
    AftercareEntry.objects.create(course=c2, kind="proceedings_support", on=datetime.date(2026, 10, 21),
                                  hours=Decimal("3.25"), support_kind="interpreter", recorded_by_id=by)
    c3 = course(other_org, datetime.date(2026, 10, 1))
    ServiceEntry.objects.create(course=c3, kind="consultation", on=datetime.date(2026, 10, 2), specialist="lawyer",
                                hours=Decimal("4"), recorded_by_id=people["outsider"].pk)
    return {"mine": mine, "theirs": theirs, "other_org": other_org}


def generate(people, seed: int):
    """Random courses and log entries for provider A's clients (seeded, so a failure repeats)."""
    rnd = random.Random(seed)
    by = people["sw"].pk
    base = datetime.date(2025, 6, 1)

    def a_day(lo=0, hi=600):
        return base + datetime.timedelta(days=rnd.randint(lo, hi))

    clients = [new_client(people[rnd.choice(["sw", "psy"])], f"Gen{seed}x{i}") for i in range(rnd.randint(2, 5))]
    for client in clients:
        for _ in range(rnd.randint(1, 2)):
            start = a_day(0, 500)
            end = start + datetime.timedelta(days=rnd.randint(0, 250)) if rnd.random() < 0.5 else None
            c = course(client, start, end)
            for _ in range(rnd.randint(0, 12)):
                kind = rnd.choice(["consultation", "shelter", "goods", "documents", "training", "accompaniment"])
                ServiceEntry.objects.create(
                    course=c, kind=kind, on=a_day(), recorded_by_id=by,
                    specialist=rnd.choice(SPECIALISTS) if kind == "consultation" else "",
                    hours=Decimal(rnd.randint(0, 16)) / 4 if kind == "consultation" else Decimal(0),
                    nights=rnd.randint(0, 10) if kind == "shelter" else 0,
                    children_nights=rnd.randint(0, 10) if kind == "shelter" else 0,
                    goods_category=rnd.choice(["food", "clothing", "hygiene", "transport"]) if kind == "goods" else "",
                    amount_eur=Decimal(rnd.randint(0, 20000)) / 100 if kind != "consultation" else Decimal(0),
                )
            for _ in range(rnd.randint(0, 6)):
                kind = rnd.choice(["aftercare_consultation", "proceedings_support", "family_consultation"])
                AftercareEntry.objects.create(
                    course=c, kind=kind, on=a_day(), hours=Decimal(rnd.randint(1, 12)) / 4, recorded_by_id=by,
                    support_kind=rnd.choice(SUPPORT) if kind == "proceedings_support" else "",
                )
    start = a_day(0, 500)
    return clients, start, start + datetime.timedelta(days=rnd.randint(0, 120))
