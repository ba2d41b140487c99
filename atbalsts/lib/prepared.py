"""Querysets of a fixed shape, built and compiled to SQL once per process (ADR 0024).

Django builds and compiles a queryset every time it runs: for the short queries of a case
worker's page this costs 0.4-1.7 ms of CPU each, several times what PostgreSQL needs to answer
them. A :class:`PreparedQuery` builds its queryset once with stand-in values, compiles it once per
database alias, and on each call sends the same SQL with the real values, turning the rows into
model instances exactly as a queryset would (``from_db``, field converters such as decryption,
``select_related`` objects, annotations).

Only for shapes whose values are compared as they are (exact lookups on ids and plain
strings): the stand-ins must each appear among the compiled parameters unchanged, or preparing
fails loudly. The tests compare every prepared query of the application with its queryset.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=Model)

# Stand-ins that no real value equals: negative ids and strings with a NUL (neither is ever sent).
_INT_BASE = -7_340_000_000
_counter = itertools.count(1)


class PrepareError(RuntimeError):
    """The queryset's shape cannot be prepared (a stand-in was transformed or dropped)."""


def _stand_in(kind: type, n: int) -> Any:
    if kind is int:
        return _INT_BASE - n
    if kind is str:
        return f"\x00prepared-{n}\x00"
    raise PrepareError(f"no stand-in for values of type {kind.__name__}")


class _Compiled:
    __slots__ = ("annotations", "converters", "end", "init_list", "model", "params", "populators", "slots", "sql",
                 "start")

    def __init__(self, queryset: QuerySet, alias: str, stand_ins: dict[str, Any]):
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = list(params)
        slots: dict[str, list[int]] = {}
        for name, value in stand_ins.items():
            where = [i for i, p in enumerate(params) if type(p) is type(value) and p == value]
            if not where:
                raise PrepareError(f"the value {name!r} does not reach the SQL unchanged")
            slots[name] = where
        taken = {i for where in slots.values() for i in where}
        if any(isinstance(p, str) and "\x00prepared-" in p for i, p in enumerate(params) if i not in taken):
            raise PrepareError("a stand-in was transformed on its way to the SQL")
        klass_info = compiler.klass_info
        select = compiler.select
        self.sql, self.params, self.slots = sql, params, slots
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start:self.end]]
        self.populators = get_related_populators(klass_info, select, alias)
        self.annotations = compiler.annotation_col_map
        self.converters = compiler.get_converters([s[0] for s in select[0:compiler.col_count]])


class PreparedQuery(Generic[M]):
    """``build(**values)`` returns the queryset; ``types`` names each value's type (int or str).

    >>> consents = PreparedQuery(lambda client_id: Consent.objects.filter(client_id=client_id), client_id=int)
    >>> consents(client_id=42)   # a list of Consent, as list(queryset) would give
    """

    def __init__(self, build: Callable[..., QuerySet[M]], **types: type):
        self._build = build
        self._types = types
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._lock = threading.Lock()

    def _for(self, alias: str) -> _Compiled:
        key = (alias, connections[alias].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key)
                if compiled is None:
                    stand_ins = {name: _stand_in(kind, next(_counter)) for name, kind in self._types.items()}
                    compiled = self._compiled[key] = _Compiled(self._build(**stand_ins), alias, stand_ins)
        return compiled

    def queryset(self, **values: Any) -> QuerySet[M]:
        """The same query as an ordinary queryset (for tests and for callers that chain on it)."""
        return self._build(**values)

    def __call__(self, **values: Any) -> list[M]:
        if values.keys() != self._types.keys():
            raise TypeError(f"expected the values {sorted(self._types)}, got {sorted(values)}")
        for name, kind in self._types.items():
            if type(values[name]) is not kind:
                raise TypeError(f"{name} must be {kind.__name__}, not {type(values[name]).__name__}")
        probe = self._build_model()
        alias = router.db_for_read(probe)
        c = self._for(alias)
        params = list(c.params)
        for name, where in c.slots.items():
            for i in where:
                params[i] = values[name]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(c.sql, params)
            rows = cursor.fetchall()
        if not rows:
            return []
        out = []
        for row in rows:
            if c.converters:
                row = list(row)
                for pos, (convs, expression) in c.converters.items():
                    value = row[pos]
                    for converter in convs:
                        value = converter(value, expression, connection)
                    row[pos] = value
            obj = c.model.from_db(alias, c.init_list, row[c.start:c.end])
            for populator in c.populators:
                populator.populate(row, obj)
            for attr, pos in c.annotations.items():
                setattr(obj, attr, row[pos])
            out.append(obj)
        return out

    def first(self, **values: Any) -> M | None:
        """The first row (the queryset should be sliced to one row, e.g. ``[:1]``)."""
        rows = self(**values)
        return rows[0] if rows else None

    def _build_model(self) -> type[Model]:
        model = getattr(self, "_model", None)
        if model is None:
            stand_ins = {name: _stand_in(kind, 0) for name, kind in self._types.items()}
            model = self._model = self._build(**stand_ins).model
        return model
