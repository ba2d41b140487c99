"""Send the statistics' and reports' reads to a PostgreSQL read replica (ADR 0021).

Installed only when ``ATBALSTS_REPLICA_DATABASE_URL`` is set. Case work never notices: every
write, and every read of case work, goes to the primary ("default"). A read goes to "replica"
only when all of these hold:

- it is a read of the statistics app's models (the de-identified record, releases), or a read
  inside ``replica_reads()`` (the rows of the provider's period report, atbalsts.reports);
- no transaction is open on the primary: a service that reads and then writes in one
  transaction reads what it will write on (the statistical record is written in the same
  transaction as the case change, ADR 0017);
- this request has written nothing yet, and the browser did not write in the last few seconds
  (a "pin" cookie set by ``PinAfterWriteMiddleware``), so a person who has just saved something
  sees it on the next page even if the replica is a moment behind.

Modelled on django-multidb-router's pinning router; the pin lives in a context variable that is
cleared when each request starts.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings
from django.core.signals import request_started
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
# Apps whose models are read from the replica outside transactions.
REPLICA_APPS = frozenset({"statistics"})
PIN_COOKIE = "atbalsts_pin"
PIN_SECONDS_DEFAULT = 15

_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("atbalsts_db_pinned", default=False)
_replica_scope: contextvars.ContextVar[bool] = contextvars.ContextVar("atbalsts_db_replica_scope", default=False)


def pin_to_primary() -> None:
    """Read everything from the primary for the rest of this request."""
    _pinned.set(True)


def unpin(**_kwargs) -> None:
    _pinned.set(False)


def is_pinned() -> bool:
    return _pinned.get()


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Reads of any model inside this block may go to the replica (same rules as above).

    For read-only computations whose result may be a moment behind, such as a period report.
    Access decisions are taken before entering it, on the primary.
    """
    token = _replica_scope.set(True)
    try:
        yield
    finally:
        _replica_scope.reset(token)


def in_replica_scope() -> bool:
    """Whether the code running now is inside ``replica_reads()``."""
    return _replica_scope.get()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    """Writes and case work to the primary; statistics and report reads to the replica."""

    def __init__(self) -> None:
        request_started.connect(unpin, dispatch_uid="atbalsts.lib.dbrouter.unpin")

    def db_for_read(self, model, **hints):
        if not replica_configured() or _pinned.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if model._meta.app_label in REPLICA_APPS or _replica_scope.get():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        _pinned.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases are the same database, one of them a moment behind.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's write-ahead log; it is never migrated on its own.
        return db != REPLICA


class PinAfterWriteMiddleware:
    """After a request that may have written (any method but GET, HEAD, OPTIONS), read from the
    primary for the next few seconds, so that the page after a saved form shows what was saved.
    The cookie holds nothing but "1"."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = int(getattr(settings, "ATBALSTS_REPLICA_PIN_SECONDS", PIN_SECONDS_DEFAULT))

    def __call__(self, request):
        if request.COOKIES.get(PIN_COOKIE):
            pin_to_primary()
        response = self.get_response(request)
        if request.method not in self.SAFE:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=self.seconds, httponly=True, samesite="Lax",
                secure=not settings.DEBUG,
            )
        return response
