"""The audit keys: HMAC keys kept outside the database (``settings.AUDIT_KEYS``, newest first).

The first key signs new events and checkpoints; older keys only verify, until a checkpoint
under the newest key covers everything they signed (``rotate_keys`` writes one) and they can be
removed. Each key is named by a short keyed fingerprint, which says nothing about the key.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def key_id(key: str) -> str:
    return hmac.new(key.encode("utf-8"), b"atbalsts audit key id", hashlib.sha256).hexdigest()[:12]


def all_keys() -> dict[str, bytes]:
    """Every configured key by its id, newest first."""
    return {key_id(k): k.encode("utf-8") for k in settings.AUDIT_KEYS}


def current() -> tuple[str, bytes]:
    if not settings.AUDIT_KEYS:
        raise ImproperlyConfigured("ATBALSTS_AUDIT_KEYS is empty: the audit trail cannot be written.")
    key = settings.AUDIT_KEYS[0]
    return key_id(key), key.encode("utf-8")


def mac(key: bytes, purpose: str, message: str) -> str:
    """HMAC-SHA256 with a purpose label, so an event MAC can never pass as a checkpoint's."""
    return hmac.new(key, f"{purpose}:{message}".encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
