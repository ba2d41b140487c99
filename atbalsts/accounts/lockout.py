"""One name per account for counting failed sign-ins (ADR 0016).

allauth hands the backends ``username`` or ``email`` — typed in any case — and django-axes
counts failures per name. Counting what was typed would let "anna", "ANNA" and
"anna@example.lv" each try five passwords. So every attempt is counted under the account it
names (``account:<id>``), and an attempt that names no account under a keyed hash of the folded
text: the typed login is never stored, and guessing many names still runs into the limit.
"""

from __future__ import annotations

from django.db.models import Q

from atbalsts.lib.crypto import keyed_hash

from .models import User

_FIELDS = ("login", "username", "email")


def typed_login(request, credentials: dict | None = None) -> str:
    for source in (credentials or {}, getattr(request, "POST", None) or {}):
        for name in _FIELDS:
            value = source.get(name)
            if value:
                return str(value)[:254]
    return ""


def account_for(typed: str) -> User | None:
    """The one account a typed login names: its username (in any case) or its e-mail address."""
    typed = typed.strip()
    if not typed:
        return None
    exact = User.objects.filter(username=typed).first()
    if exact is not None:
        return exact
    matches = list(User.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed)).distinct()[:2])
    return matches[0] if len(matches) == 1 else None


def lockout_name(request, credentials: dict | None = None) -> str | None:
    """django-axes' AXES_USERNAME_CALLABLE."""
    typed = typed_login(request, credentials)
    if not typed:
        return None
    user = account_for(typed)
    if user is not None:
        return f"account:{user.pk}"
    return "unknown:" + keyed_hash("lockout", typed.strip().casefold())[:32]
