"""Sign-in events go to the audit trail. Receivers only record; they never change data (the one
exception is the sign-in time kept in the session, which caps its lifetime)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .actor import actor_for
from .lockout import account_for, typed_login

SESSION_SIGNED_IN_AT = "atbalsts_signed_in_at"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_SIGNED_IN_AT] = int(timezone.now().timestamp())
        # Signing in saves the session anyway: it counts as its first renewal (RenewSessionMiddleware).
        request.session["atbalsts_renewed_at"] = request.session[SESSION_SIGNED_IN_AT]
    record(actor_for(user), Action.LOGIN, object_type="user", object_ref=str(user.pk), purpose=Purpose.SECURITY)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor_for(user), Action.LOGOUT, object_type="user", object_ref=str(user.pk), purpose=Purpose.SECURITY)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Which account was tried, if any — never the password, never a typed name that matches no
    # account (it may be a mistyped password or somebody else's name), never the address.
    user = account_for(typed_login(request, credentials))
    locked = bool(getattr(request, "axes_locked_out", False))
    record(
        None,
        Action.LOGIN_REFUSED if locked else Action.LOGIN_FAILED,
        object_type="user",
        object_ref=str(user.pk) if user else "",
        purpose=Purpose.SECURITY,
        detail={"account": "known" if user else "unknown", **({"by": "lockout"} if locked else {})},
    )
