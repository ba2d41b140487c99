"""Protected tables kept in the cache, so a table is suppressed once, not on every view.

What ``disclosure.protect`` publishes depends only on the table (its title, labels and cells),
the threshold and the way suppression is chosen. The key is a hash of exactly those, so a
changed count, label or threshold is a new key and is protected afresh; nothing needs to be
forgotten when records change. The value is small: only the positions that were hidden
(primary and complementary); the figures come from the table in hand. ``with_suppressed``
refuses positions that are not the table's or that leave a small figure shown, and then the
table is protected again.

Tables with more than ``MAX_CELLS`` figures are not kept (each entry stays small). The cache is
Django's default one; on several hosts it is the shared Redis (ADR 0021).
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache

from . import disclosure
from .tables import Table

__all__ = ["MAX_CELLS", "VERSION", "protect"]

# Bump when the way complementary suppression is chosen changes: old entries are then never read.
VERSION = 1
MAX_CELLS = 10_000
TIMEOUT_SECONDS = 7 * 24 * 3600


def key(table: Table, threshold: int) -> str:
    content = json.dumps([VERSION, threshold, table.title, list(table.row_labels), list(table.col_labels),
                          table.cells], ensure_ascii=False, separators=(",", ":"), default=str)
    return "statistics:protected:" + hashlib.sha256(content.encode()).hexdigest()


def protect(table: Table, *, threshold: int) -> disclosure.ProtectedTable:
    """``disclosure.protect``, solved once per table and threshold."""
    n_rows, n_cols = table.shape
    if n_rows * n_cols > MAX_CELLS:
        return disclosure.protect(table, threshold=threshold)
    disclosure.check_threshold(threshold)
    cache_key = key(table, threshold)
    kept = cache.get(cache_key)
    if kept is not None:
        try:
            return disclosure.with_suppressed(table, threshold=threshold, primary=kept[0], secondary=kept[1])
        except (disclosure.DisclosureError, TypeError, ValueError, IndexError):
            cache.delete(cache_key)
    protected = disclosure.protect(table, threshold=threshold)
    cache.set(cache_key, (sorted(protected.primary), sorted(protected.secondary)), TIMEOUT_SECONDS)
    return protected
