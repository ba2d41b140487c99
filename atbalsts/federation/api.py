"""The federation endpoint: partners' instances post packages here. No session, no cookie, no
CSRF token: the package itself proves who sent it (ADR 0020c). Anybody may call it; only a valid
package from a registered partner is taken."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import packages
from .services import FederationUnavailable, receive_package, rules_now

# Refusal codes -> HTTP status. The body names the code only.
_STATUS = {"replay": 409, "unknown_sender": 403, "bad_signature": 403, "wrong_key": 400, "tampered": 400,
           "expired": 400, "not_yet_valid": 400, "wrong_recipient": 400, "malformed": 400,
           "invalid_content": 422, "unknown_referral": 422, "no_receiver": 503}


@csrf_exempt
@login_not_required
@require_http_methods(["POST"])
def packages_endpoint(request):
    rules, _delays = rules_now(timezone.now())
    if len(request.body) > rules.max_package_bytes:
        return JsonResponse({"error": "too_large"}, status=413)
    try:
        document = json.loads(request.body)
        package = document["package"]
        if not isinstance(package, str):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "malformed"}, status=400)
    try:
        claims, ack = receive_package(package, via="api")
    except FederationUnavailable:
        return JsonResponse({"error": "unavailable"}, status=503)
    except packages.Refused as refused:
        return JsonResponse({"error": refused.code}, status=_STATUS.get(refused.code, 400))
    return JsonResponse({"status": "accepted", "jti": claims["jti"], "ack": ack}, status=202)
