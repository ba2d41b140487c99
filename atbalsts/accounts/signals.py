"""Sign-in events go to the audit trail. Receivers only record; they never change data."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

from .actor import actor_for


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(actor_for(user), Action.LOGIN, object_type="user", object_ref=str(user.pk), purpose=Purpose.SECURITY)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor_for(user), Action.LOGOUT, object_type="user", object_ref=str(user.pk), purpose=Purpose.SECURITY)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the account name tried: never the password, never the client's address.
    tried = str(credentials.get("username") or credentials.get("login") or credentials.get("email") or "")[:150]
    record(None, Action.LOGIN_FAILED, object_type="user", purpose=Purpose.SECURITY, detail={"login": tried})
