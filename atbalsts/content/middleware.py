"""The gate in front of the Wagtail admin at /cms/.

* Nobody but an editor reaches it: anonymous -> the allauth sign-in (password + TOTP); signed in
  without a second factor -> the MFA middleware before us already sends them to set one up;
  signed in without Wagtail's ``access_admin`` permission -> 404, like any other outsider.
* The admin's editors (rich text, previews in a frame of the same origin) need inline styles and
  a same-origin frame: the strict public CSP is relaxed for /cms/ responses only, nowhere else.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from atbalsts.accounts.actor import mfa_satisfied

CMS_PREFIX = "/cms/"
# django-csp: these are added to the global policy for /cms/ responses (ADR 0009).
CMS_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "frame-src": ["'self'"],
}
CMS_CSP_REPLACE = {"frame-ancestors": ["'self'"]}


def may_edit_content(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and mfa_satisfied(user)
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


class CMSGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(CMS_PREFIX):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        if not may_edit_content(user):
            raise Http404
        response = self.get_response(request)
        response._csp_update = CMS_CSP_UPDATE
        response._csp_replace = CMS_CSP_REPLACE
        # Wagtail's live preview is a frame of /cms/ inside /cms/.
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response
