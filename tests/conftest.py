"""Fixed personas for every test: who works where, in which role.

- ``sw``: social worker at provider A, on the case team of ``client``
- ``psy``: psychologist at provider A, NOT on the team of ``client``
- ``outsider``: social worker at provider B
- ``siva``, ``municipal``, ``police``, ``hotline``, ``statistician``: one per organisation
- ``org_admin``: administrator of provider A; ``sys_admin``: system administrator
"""

from __future__ import annotations

import datetime
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client as HttpClient
from hypothesis import settings as hypothesis_settings

from atbalsts.accounts.actor import Actor, actor_for
from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role, User

# Timing is measured by the benchmarks, not by tests: on a loaded 2-core CI machine a
# property example may take longer than Hypothesis' default 200 ms without being wrong.
hypothesis_settings.register_profile("atbalsts", deadline=None)
hypothesis_settings.load_profile("atbalsts")


def pytest_collection_modifyitems(config, items):
    """A test that commits (``django_db(transaction=True)``) must also ask for
    ``serialized_rollback=True``. Without it the flush after the test recreates the content types,
    and on PostgreSQL, whose keys do not start again, they get new keys; the next test that
    restores the saved data then collides with them (ADR 0019)."""
    wrong = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            wrong.append(item.nodeid)
    if wrong:
        raise pytest.UsageError(
            "These tests commit without serialized_rollback=True: " + ", ".join(sorted(wrong))
        )


def make_user(username: str, org: Organisation, *roles: str, mfa: bool = True) -> User:
    user = User.objects.create_user(username=username, password="a-long-test-password-1", first_name=username)
    for role in roles:
        Membership.objects.create(user=user, organisation=org, role=role)
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


# The suite never reads the wall clock: every test runs with the clock set to this day (09:30 in
# Riga, ticking on from there). The default is a Monday two days before a public holiday
# (18 November), so working-day arithmetic is exercised. CI runs the suite again with
# ATBALSTS_TEST_TODAY set 400 days after the real date to show nothing is tied to one day.
TEST_TODAY = datetime.date.fromisoformat(os.environ.get("ATBALSTS_TEST_TODAY") or "2026-11-16")
RIGA = ZoneInfo("Europe/Riga")


@pytest.fixture(autouse=True)
def _test_clock(request):
    """Set the clock for every test, except those that drive a real browser: Chromium keeps the
    machine's own clock, and cookies dated by a moved server clock would look expired to it."""
    if request.node.get_closest_marker("real_clock") or request.node.get_closest_marker("browser"):
        yield None
        return
    with time_machine.travel(datetime.datetime.combine(TEST_TODAY, datetime.time(9, 30), tzinfo=RIGA), tick=True) as t:
        yield t


@pytest.fixture
def clock_today() -> datetime.date:
    """The day the test runs on, as the application sees it."""
    return TEST_TODAY


@pytest.fixture
def clock(_test_clock):
    """Move the application's clock within a test: ``clock.move_to(day)`` (09:30 in Riga)."""

    class _Clock:
        def move_to(self, day: datetime.date, at: datetime.time = datetime.time(9, 30)) -> None:
            _test_clock.move_to(datetime.datetime.combine(day, at, tzinfo=RIGA))

    return _Clock()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (allauth's, the portal's) live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _tests_may_empty_the_audit_trail():
    """Between transactional tests Django empties every table with TRUNCATE, which the audit
    trail's trigger refuses on PostgreSQL (ADR 0015). The test database's owner lifts the guard
    for exactly that statement, as only an owner can; the application's role never could."""
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations
    except ImportError:  # no psycopg: SQLite only
        yield
        return
    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        guarded = any("audit_auditevent" in sql for sql in sql_list)
        with self.connection.cursor() as cursor:
            if guarded:
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate")
            try:
                original(self, sql_list)
            finally:
                if guarded:
                    cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_truncate")

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings, tmp_path):
    """Each test's database starts a new audit chain, so it gets its own checkpoint file."""
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "audit-checkpoints")


@pytest.fixture
def orgs(db):
    kinds = {
        "provider_a": OrganisationKind.SERVICE_PROVIDER,
        "provider_b": OrganisationKind.SERVICE_PROVIDER,
        "siva": OrganisationKind.SIVA,
        "municipal": OrganisationKind.MUNICIPAL_SOCIAL_SERVICE,
        "police": OrganisationKind.STATE_POLICE,
        "hotline": OrganisationKind.HOTLINE,
        "coordinator": OrganisationKind.NATIONAL_COORDINATOR,
        "operator": OrganisationKind.OTHER,
    }
    return {key: Organisation.objects.create(name=f"Test {key}", kind=kind) for key, kind in kinds.items()}


@pytest.fixture
def people(orgs):
    return {
        "sw": make_user("sw", orgs["provider_a"], Role.SOCIAL_WORKER),
        "psy": make_user("psy", orgs["provider_a"], Role.PSYCHOLOGIST),
        "outsider": make_user("outsider", orgs["provider_b"], Role.SOCIAL_WORKER),
        "siva": make_user("siva", orgs["siva"], Role.SIVA_OFFICER),
        "municipal": make_user("municipal", orgs["municipal"], Role.MUNICIPAL_SOCIAL_WORKER),
        "police": make_user("police", orgs["police"], Role.POLICE_OFFICIAL),
        "hotline": make_user("hotline", orgs["hotline"], Role.HOTLINE_OPERATOR),
        "statistician": make_user("statistician", orgs["coordinator"], Role.STATISTICIAN),
        "org_admin": make_user("org_admin", orgs["provider_a"], Role.ORG_ADMIN),
        "sys_admin": make_user("sys_admin", orgs["operator"], Role.SYS_ADMIN),
        "no_mfa": make_user("no_mfa", orgs["provider_a"], Role.SOCIAL_WORKER, mfa=False),
    }


def actor(user: User) -> Actor:
    return actor_for(user)


@pytest.fixture
def client_record(people):
    from atbalsts.people.services import create_client

    return create_client(
        actor(people["sw"]),
        {
            "given_names": "Līga",
            "surname": "Bērziņa",
            "personal_code": "000101-12345",
            "birth_date": datetime.date(1995, 3, 14),
            "sex": "female",
            "citizenship": "Latvija",
            "languages": "latviešu, krievu",
            "phone": "+371 20000001",
            "address": "Ūdens iela 1, Rīga",
        },
    )


@pytest.fixture
def login():
    """An HTTP client signed in as the given user."""

    def _login(user: User) -> HttpClient:
        http = HttpClient()
        http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return http

    return _login
