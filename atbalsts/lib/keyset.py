"""Keyset paging for the case-work lists (SIVA's inbox, queue and archive, the municipal cases).

A page link carries the sort values of the row at the page's edge, signed, and the next page
is "the rows after these values" in the list's order: the database seeks to the position
through an index however deep the page, where an offset would read and throw away every row
before it. The last key is always the primary key, so rows with equal dates are told apart and
no row is shown twice or skipped. Nothing is counted: the extra row fetched past the page's end
says whether there is a next page.

A link this list did not make (edited, truncated, for another list) raises :class:`BadCursor`;
the views answer it with a sentence and status 400.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet

# A signed cursor of a few dates and numbers is far below this; anything longer is not ours.
CURSOR_MAX_LENGTH = 300

_TYPES = {
    "date": (datetime.date.isoformat, datetime.date.fromisoformat),
    "datetime": (datetime.datetime.isoformat, datetime.datetime.fromisoformat),
    "int": (int, int),
    "str": (str, str),
}


class BadCursor(ValueError):
    """A page link that was not made by this list."""


def page_size() -> int:
    """The rows of one page of a case-work list (settings, bounded there and here)."""
    return min(200, max(10, int(getattr(settings, "ATBALSTS_CASEWORK_PAGE_SIZE", 50))))


@dataclass(frozen=True)
class Keyset:
    """One list's order: ``keys`` are (queryset lookup, attribute of the row, type, descending)."""

    salt: str
    keys: tuple[tuple[str, str, str, bool], ...]

    def order_by(self, reverse: bool = False) -> list[str]:
        return [f"-{lookup}" if descending != reverse else lookup for lookup, _a, _t, descending in self.keys]

    def make(self, row) -> str:
        values = [_TYPES[kind][0](getattr(row, attr)) for _l, attr, kind, _d in self.keys]
        return signing.dumps(values, salt=self.salt, compress=True)

    def read(self, token: str) -> list:
        if len(token) > CURSOR_MAX_LENGTH:
            raise BadCursor
        try:
            values = signing.loads(token, salt=self.salt)
        except signing.BadSignature as exc:
            raise BadCursor from exc
        if not isinstance(values, list) or len(values) != len(self.keys):
            raise BadCursor
        out = []
        for (_l, _a, kind, _d), value in zip(self.keys, values, strict=True):
            try:
                out.append(_TYPES[kind][1](value))
            except (TypeError, ValueError) as exc:
                raise BadCursor from exc
        return out

    def after(self, values: list, reverse: bool = False) -> Q:
        """Rows after the values in this order (before them when ``reverse``), spelled out as
        (a < x) or (a = x and b < y) ..., with a plain range on the first key in front so that
        the index scan starts at the position."""
        q = Q(pk__in=[])
        for i, (lookup, _a, _t, descending) in enumerate(self.keys):
            cond = Q(**{f"{lookup}__{'lt' if descending != reverse else 'gt'}": values[i]})
            for j, (prev, _pa, _pt, _pd) in enumerate(self.keys[:i]):
                cond &= Q(**{prev: values[j]})
            q |= cond
        first, _a, _t, descending = self.keys[0]
        return Q(**{f"{first}__{'lte' if descending != reverse else 'gte'}": values[0]}) & q


@dataclass
class Page:
    rows: list
    next_cursor: str | None = None
    previous_cursor: str | None = None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def paginate(qs: QuerySet, keyset: Keyset, *, after: str = "", before: str = "", size: int | None = None) -> Page:
    """One page of ``qs`` in the keyset's order, after (or before) the row a link names.
    Raises :class:`BadCursor` for a link the list did not make."""
    size = size or page_size()
    backwards = bool(before) and not after
    token = before if backwards else after
    if token:
        qs = qs.filter(keyset.after(keyset.read(token), reverse=backwards))
    rows = list(qs.order_by(*keyset.order_by(reverse=backwards))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    page = Page(rows=rows)
    if rows:
        # Forward: more rows follow when the query found one extra; rows precede when we came
        # through a link. Backward: the rows we came from follow; the extra one precedes.
        if backwards or more:
            page.next_cursor = keyset.make(rows[-1])
        if (token and not backwards) or (backwards and more):
            page.previous_cursor = keyset.make(rows[0])
    return page
