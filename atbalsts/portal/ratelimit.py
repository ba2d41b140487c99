"""A sliding-window rate limit that never stores an address.

The key is an HMAC of the client address under a random salt that lives only in the cache
(never in the database, settings or logs), so even the cache holds no address, and the salt
disappears with the cache. With the default LocMemCache this is per process, which is enough
to slow down a script; a shared cache makes it global.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from django.core.cache import cache

SALT_KEY = "portal:ratelimit:salt"
# bucket name -> (how many attempts, within how many seconds)
LIMITS = {
    "report": (5, 15 * 60),
    "reference": (5, 15 * 60),
}


def _salt() -> str:
    cache.add(SALT_KEY, secrets.token_hex(32), timeout=24 * 3600)
    return cache.get(SALT_KEY) or ""


def _client_key(request, bucket: str) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    digest = hmac.new(_salt().encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"portal:ratelimit:{bucket}:{digest}"


def _recent(key: str, window: int, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if now - t < window]


def is_limited(request, bucket: str) -> bool:
    """Whether this client has used up its attempts in ``bucket`` (without counting one)."""
    limit, window = LIMITS[bucket]
    return len(_recent(_client_key(request, bucket), window, time.time())) >= limit


def count(request, bucket: str) -> None:
    """Count one attempt in ``bucket``."""
    limit, window = LIMITS[bucket]
    key = _client_key(request, bucket)
    now = time.time()
    cache.set(key, [*_recent(key, window, now), now][-limit:], timeout=window)
