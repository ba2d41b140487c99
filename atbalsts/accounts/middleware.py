from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .actor import actor_for
from .signals import SESSION_SIGNED_IN_AT

SESSION_ORGANISATION_KEY = "atbalsts_organisation_id"
SESSION_RENEWED_AT = "atbalsts_renewed_at"  # also set on signing in (signals.py)

# Paths a signed-in user may reach before setting up a second factor.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/favicon")


class RenewSessionMiddleware:
    """Keep an active signed-in session alive without writing it on every request.

    The idle limit is the session's age; a session is saved (and its expiry moved on) only when
    its last renewal is older than SESSION_RENEW_AFTER_SECONDS, so the idle limit holds to within
    that much. Anonymous visitors get no session at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get("_auth_user_id"):
            now = int(timezone.now().timestamp())
            renewed = session.get(SESSION_RENEWED_AT)
            if not isinstance(renewed, int) or now - renewed >= settings.SESSION_RENEW_AFTER_SECONDS:
                session[SESSION_RENEWED_AT] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Attach the acting organisation and roles; send staff without MFA to set it up.

    No page beyond the account pages opens until a TOTP authenticator exists, so no personal
    data can be reached with a password alone. The access functions check again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _session_too_old(request):
            # However busy, a session ends this long after signing in (the idle limit is the
            # cookie's age). Signed out here, the view's login requirement sends them to sign in.
            logout(request)
            user = request.user
        if user is not None and user.is_authenticated:
            request.actor = actor_for(user, request.session.get(SESSION_ORGANISATION_KEY))
            # The actor already knows whether the second factor is set up: asking again would
            # cost a second query on every request.
            if not request.actor.mfa_verified and not request.path.startswith(_OPEN_PREFIXES):
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse
                    from django.utils.translation import gettext

                    return JsonResponse(
                        {"detail": gettext("A second factor (TOTP) must be set up before using the API.")},
                        status=403,
                    )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _session_too_old(request) -> bool:
    started = request.session.get(SESSION_SIGNED_IN_AT)
    if not isinstance(started, int):
        return True  # a session from before the limit, or one not made by signing in
    return timezone.now().timestamp() - started > settings.SESSION_ABSOLUTE_SECONDS
