"""Settings for running on several hosts: a read replica, PgBouncer, Redis (ADR 0021).

Pure functions of the environment's values, used by ``atbalsts/settings.py`` and tested on their
own. Every bad value raises ImproperlyConfigured with a sentence saying what is wrong, so that a
misconfigured host refuses to start instead of running half-configured. Nothing here is used
unless its variable is set: one machine keeps the settings it had.
"""

from __future__ import annotations

import importlib.util
import warnings
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"", "0", "false", "no", "off"}
# Redis has 16 numbered databases by default; the sessions take the one after the cache's.
REDIS_DATABASES = 16


def flag(name: str, value: str | None) -> bool:
    """An on/off variable; anything but the usual spellings is refused. (URLs, which may hold a
    password, are never repeated in these messages.)"""
    text = (value or "").strip().lower()
    if text in TRUE_VALUES:
        return True
    if text in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (it is {value!r}).")


def _is_postgres(database: dict) -> bool:
    return "postgresql" in database.get("ENGINE", "")


def replica_database(url: str, primary: dict) -> dict:
    """The settings of the "replica" alias: a PostgreSQL streaming replica of ``primary``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unknown scheme is refused below, not warned about
            replica = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises several kinds for a malformed URL
        raise ImproperlyConfigured(f"ATBALSTS_REPLICA_DATABASE_URL is not a database URL ({exc}).") from exc
    if not replica.get("ENGINE"):
        raise ImproperlyConfigured("ATBALSTS_REPLICA_DATABASE_URL is not a database URL.")
    if not _is_postgres(replica) or not _is_postgres(primary):
        raise ImproperlyConfigured(
            "ATBALSTS_REPLICA_DATABASE_URL needs PostgreSQL for both DATABASE_URL and the replica "
            "(postgres://user@host:5432/db); SQLite has no replicas."
        )
    if not replica.get("HOST"):
        raise ImproperlyConfigured("ATBALSTS_REPLICA_DATABASE_URL names no host.")
    if (replica.get("HOST"), replica.get("PORT"), replica.get("NAME")) == (
        primary.get("HOST"), primary.get("PORT"), primary.get("NAME")
    ):
        raise ImproperlyConfigured("ATBALSTS_REPLICA_DATABASE_URL names the primary database itself.")
    for key in ("ATOMIC_REQUESTS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if key in primary:
            replica[key] = primary[key]
    # Tests run against one database: the replica alias is then the same test database.
    replica["TEST"] = {"MIRROR": "default"}
    return replica


def for_pgbouncer(database: dict) -> None:
    """Adapt one alias to PgBouncer in transaction mode, in place.

    Server-side cursors (``.iterator()``) live across transactions, which a transaction pool
    cannot give, and prepared statements belong to one server connection; both are turned off.
    The Django connection to PgBouncer itself is kept (CONN_MAX_AGE as configured): PgBouncer is
    what multiplexes the server connections, and reconnecting to it on every request only costs.
    """
    if not _is_postgres(database):
        raise ImproperlyConfigured("ATBALSTS_PGBOUNCER=1 needs a PostgreSQL DATABASE_URL.")
    database["DISABLE_SERVER_SIDE_CURSORS"] = True
    options = database.setdefault("OPTIONS", {})
    if options.get("server_side_binding"):
        raise ImproperlyConfigured("ATBALSTS_PGBOUNCER=1 cannot be used with server-side binding.")
    options["prepare_threshold"] = None


def redis_caches(url: str, prefix: str = "atbalsts") -> dict:
    """The default cache (pages, rate limits) and a separate "sessions" cache on one Redis server.

    The sessions get the numbered database after the cache's, so that emptying the cache (or
    Redis evicting its keys under memory pressure with ``volatile-lru`` on the cache database)
    never signs anyone out by accident.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ImproperlyConfigured(
            "ATBALSTS_REDIS_URL must look like redis://host:6379/0 or rediss://host:6380/0."
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ImproperlyConfigured("ATBALSTS_REDIS_URL has a bad port.") from exc
    path = parts.path.strip("/") or "0"
    if not path.isdigit() or int(path) + 1 >= REDIS_DATABASES:
        raise ImproperlyConfigured(
            f"ATBALSTS_REDIS_URL must end in a database number from 0 to {REDIS_DATABASES - 2} "
            "(the sessions use the next one)."
        )
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "ATBALSTS_REDIS_URL is set but the Python package 'redis' is not installed "
            "(pip install redis, or leave the variable unset to use the database cache)."
        )
    cache_db = int(path)

    def at(number: int) -> str:
        return urlunsplit((parts.scheme, parts.netloc, f"/{number}", parts.query, ""))

    backend = "django.core.cache.backends.redis.RedisCache"
    return {
        "default": {"BACKEND": backend, "LOCATION": at(cache_db), "KEY_PREFIX": prefix},
        "sessions": {"BACKEND": backend, "LOCATION": at(cache_db + 1), "KEY_PREFIX": f"{prefix}-session"},
    }
