"""SQLite under concurrent requests: WAL, transactions that take the write lock when they begin,
sessions that are not written by page loads that change nothing, and a favicon that is there."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atbalsts.accounts.middleware import SESSION_RENEWED_AT

WORKERS = 8


def sqlite_file_database(path, options: dict) -> dict:
    """The project's SQLite settings, on a file of the test's own (the suite's database is in
    memory, where neither WAL nor file locks apply)."""
    base = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options, "TIME_ZONE": None,
            "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
            "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "TEST": {}}
    return base


def project_sqlite_options() -> dict:
    """What settings.py gives a SQLite database, whatever database the suite itself runs on."""
    return dict(settings.SQLITE_OPTIONS)


def read_then_write_at_once(path, options: dict) -> list[Exception]:
    """Each worker, in its own connection and transaction (as a request would), reads, waits for
    the others to have read, then writes: the pattern of a page that checks something and then
    records it. Returns the errors the workers met."""
    alias = f"concurrency_{path.stem}"
    connections.settings[alias] = sqlite_file_database(path, options)
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS counter (n integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    barrier = threading.Barrier(WORKERS)
    errors: list[Exception] = []

    def work():
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                # With the write lock taken at BEGIN only one worker is here at a time: the
                # others wait at BEGIN, so the barrier is not met and the worker goes on.
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=0.5)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except OperationalError as exc:
            errors.append(exc)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def counter_and_journal(path, options) -> tuple[int, str]:
    alias = f"concurrency_{path.stem}"
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (n,) = cursor.fetchone()
        cursor.execute("PRAGMA journal_mode")
        (journal,) = cursor.fetchone()
    connections[alias].close()
    del connections.settings[alias]
    return n, journal.lower()


def test_the_project_gives_sqlite_wal_and_immediate_transactions():
    options = project_sqlite_options()
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


@pytest.fixture
def own_database_files(django_db_blocker):
    """These tests open their own SQLite files, outside the suite's database."""
    with django_db_blocker.unblock():
        yield


def test_concurrent_writers_on_sqlite_wait_instead_of_failing_with_database_is_locked(tmp_path, own_database_files):
    options = project_sqlite_options()
    errors = read_then_write_at_once(tmp_path / "immediate.sqlite3", options)
    assert errors == []
    # Every increment counted, none lost, and the file is in WAL mode.
    assert counter_and_journal(tmp_path / "immediate.sqlite3", options) == (WORKERS, "wal")


def test_without_those_settings_the_same_load_fails_as_it_did_in_the_demo(tmp_path, own_database_files):
    # The check above can fail: SQLite's default (deferred) transactions meet "database is locked".
    errors = read_then_write_at_once(tmp_path / "deferred.sqlite3", {"timeout": 1})
    counter_and_journal(tmp_path / "deferred.sqlite3", {})
    assert errors and all("locked" in str(e) for e in errors)


def session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]


def test_a_page_load_that_changes_nothing_does_not_write_the_session(people, login):
    from django.db import connection

    http = login(people["sw"])
    http.get("/")  # the first request after signing in may renew the session
    with CaptureQueriesContext(connection) as queries:
        assert http.get("/").status_code == 200
        assert http.get("/clients/").status_code == 200
        assert http.get("/favicon.ico").status_code == 200
    assert session_writes(queries) == []


def test_an_active_session_is_still_renewed_so_the_idle_limit_counts_from_the_last_request(people, login, clock):
    from django.contrib.sessions.models import Session
    from django.db import connection

    http = login(people["sw"])
    http.get("/")
    before = Session.objects.get().expire_date
    clock.move_to(timezone.localdate(), at=(timezone.localtime() + timezone.timedelta(minutes=20)).time())
    with CaptureQueriesContext(connection) as queries:
        assert http.get("/").status_code == 200
    assert session_writes(queries)
    session = Session.objects.get()
    assert session.expire_date > before
    assert isinstance(session.get_decoded()[SESSION_RENEWED_AT], int)


def test_an_anonymous_visitor_gets_no_session(db):
    from django.contrib.sessions.models import Session
    from django.test import Client as HttpClient

    HttpClient().get("/accounts/login/")
    HttpClient().get("/favicon.ico")
    assert not Session.objects.exists()


@pytest.mark.parametrize("path", ["/favicon.ico"])
def test_the_favicon_is_there_for_everyone(db, path, people, login):
    from django.test import Client as HttpClient

    for http in (HttpClient(), login(people["sw"])):
        response = http.get(path)
        assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
        assert response.content.startswith(b"\x00\x00\x01\x00")  # an ICO file
    page = login(people["sw"]).get("/").content.decode()
    assert '<link rel="icon" href="/static/web/favicon.ico"' in page
    assert settings.STATIC_URL == "/static/"
