"""Settings for several hosts (atbalsts.lib.deployment, ADR 0021): parsed, and refused clearly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from atbalsts.lib import deployment

ROOT = Path(__file__).resolve().parents[2]
PRIMARY = {"ENGINE": "django.db.backends.postgresql", "HOST": "db1", "PORT": 5432, "NAME": "atbalsts",
           "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True, "ATOMIC_REQUESTS": False}


def run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ATBALSTS_", "DJANGO_", "DATABASE_"))}
    clean.update({"ATBALSTS_DEBUG": "1", **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import atbalsts.settings as s; {code}"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False,
    )


def test_the_replica_alias_copies_the_primary_s_connection_handling_and_mirrors_it_in_tests():
    replica = deployment.replica_database("postgres://reader:pw@db2:5432/atbalsts", PRIMARY)
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["USER"]) == ("db2", "reader")
    assert replica["CONN_MAX_AGE"] == 60 and replica["CONN_HEALTH_CHECKS"] is True
    assert replica["TEST"] == {"MIRROR": "default"}


@pytest.mark.parametrize(("url", "primary", "says"), [
    ("sqlite:////tmp/replica.sqlite3", PRIMARY, "needs PostgreSQL"),
    ("postgres://db2/atbalsts", {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}, "needs PostgreSQL"),
    ("postgres://db1:5432/atbalsts", PRIMARY, "primary database itself"),
    ("postgres:///atbalsts", PRIMARY, "names no host"),
    ("nonsense", PRIMARY, "not a database URL"),
])
def test_a_bad_replica_url_is_refused_with_a_sentence(url, primary, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        deployment.replica_database(url, primary)


def test_pgbouncer_turns_off_server_side_cursors_and_prepared_statements_but_keeps_the_connection():
    database = dict(PRIMARY)
    deployment.for_pgbouncer(database)
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"]["prepare_threshold"] is None
    assert database["CONN_MAX_AGE"] == 60
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        deployment.for_pgbouncer({"ENGINE": "django.db.backends.sqlite3"})
    with pytest.raises(ImproperlyConfigured, match="server-side binding"):
        deployment.for_pgbouncer({**PRIMARY, "OPTIONS": {"server_side_binding": True}})


@pytest.mark.parametrize("value", ["1", "true", "yes", "ON"])
def test_flags_accept_the_usual_spellings_of_on(value):
    assert deployment.flag("ATBALSTS_PGBOUNCER", value) is True
    assert deployment.flag("ATBALSTS_PGBOUNCER", "0") is False
    assert deployment.flag("ATBALSTS_PGBOUNCER", "") is False


def test_a_flag_that_is_neither_on_nor_off_is_refused():
    with pytest.raises(ImproperlyConfigured, match="must be 1 or 0"):
        deployment.flag("ATBALSTS_PGBOUNCER", "transaction")


def test_redis_gives_the_cache_and_the_sessions_separate_databases(monkeypatch):
    monkeypatch.setattr(deployment.importlib.util, "find_spec", lambda name: object())
    caches = deployment.redis_caches("redis://:secret@cache1:6379/2")
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://:secret@cache1:6379/2"
    assert caches["sessions"]["LOCATION"] == "redis://:secret@cache1:6379/3"
    assert deployment.redis_caches("redis://cache1")["sessions"]["LOCATION"] == "redis://cache1/1"


@pytest.mark.parametrize(("url", "says"), [
    ("http://cache1:6379/0", "must look like"),
    ("redis:///0", "must look like"),
    ("redis://cache1:port/0", "bad port"),
    ("redis://cache1:6379/15", "database number from 0 to 14"),
    ("redis://cache1:6379/cache", "database number"),
])
def test_a_bad_redis_url_is_refused_with_a_sentence(monkeypatch, url, says):
    monkeypatch.setattr(deployment.importlib.util, "find_spec", lambda name: object())
    with pytest.raises(ImproperlyConfigured, match=says):
        deployment.redis_caches(url)


def test_redis_without_its_python_package_is_refused(monkeypatch):
    monkeypatch.setattr(deployment.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match="package 'redis' is not installed"):
        deployment.redis_caches("redis://cache1:6379/0")


def test_without_the_new_variables_the_settings_are_as_before():
    result = run_settings({}, "print(sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), "
                              "getattr(s, 'SESSION_ENGINE', 'db'), s.CACHES['default']['BACKEND'], s.MIDDLEWARE.count("
                              "'atbalsts.lib.dbrouter.PinAfterWriteMiddleware'))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "['default']", "[]", "db",
        "django.core.cache.backends.locmem.LocMemCache", "0",
    ]


def test_the_settings_install_the_replica_router_and_pgbouncer_options():
    result = run_settings(
        {"DATABASE_URL": "postgres://app@db1:6432/atbalsts",
         "ATBALSTS_REPLICA_DATABASE_URL": "postgres://app@db2:6432/atbalsts", "ATBALSTS_PGBOUNCER": "1"},
        "print(s.DATABASE_ROUTERS[0], s.DATABASES['replica']['HOST'], "
        "s.DATABASES['replica']['DISABLE_SERVER_SIDE_CURSORS'], s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'], "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.MIDDLEWARE.index('atbalsts.lib.dbrouter.PinAfterWriteMiddleware') "
        "< s.MIDDLEWARE.index('django.contrib.sessions.middleware.SessionMiddleware'))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["atbalsts.lib.dbrouter.PrimaryReplicaRouter", "db2", "True", "True", "60", "True"]


def test_pgbouncer_without_a_replica():
    result = run_settings({"DATABASE_URL": "postgres://app@127.0.0.1:6432/atbalsts", "ATBALSTS_PGBOUNCER": "1"},
                          "print(sorted(s.DATABASES), s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['default']", "True"]


def test_the_replica_can_be_reached_without_pgbouncer_and_keep_server_side_cursors():
    result = run_settings(
        {"DATABASE_URL": "postgres://app@127.0.0.1:6432/atbalsts", "ATBALSTS_PGBOUNCER": "1",
         "ATBALSTS_REPLICA_DATABASE_URL": "postgres://app@db2:5432/atbalsts", "ATBALSTS_REPLICA_PGBOUNCER": "0"},
        "print(s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS'), "
        "s.DATABASES['replica'].get('DISABLE_SERVER_SIDE_CURSORS'))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "None"]


@pytest.mark.parametrize(("env", "says"), [
    ({"ATBALSTS_REPLICA_PGBOUNCER": "1", "DATABASE_URL": "postgres://app@db1/atbalsts"},
     "needs ATBALSTS_REPLICA_DATABASE_URL"),
    ({"ATBALSTS_PGBOUNCER": "maybe", "DATABASE_URL": "postgres://app@db1/atbalsts"},
     "ATBALSTS_PGBOUNCER must be 1 or 0"),
    ({"ATBALSTS_PGBOUNCER": "1"}, "needs a PostgreSQL DATABASE_URL"),
    ({"ATBALSTS_REPLICA_DATABASE_URL": "postgres://app@db2/atbalsts"}, "SQLite has no replicas"),
    ({"ATBALSTS_REDIS_URL": "redis://cache1:6379/0", "ATBALSTS_CACHE_URL": "dummycache://"}, "not both"),
    ({"ATBALSTS_REDIS_URL": "cache1:6379"}, "ATBALSTS_REDIS_URL must look like"),
])
def test_a_bad_value_stops_the_start_with_a_clear_message(env, says):
    result = run_settings(env, "print('started')")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and says in result.stderr
    assert "started" not in result.stdout
