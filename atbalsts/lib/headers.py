"""Response headers that keep personal data out of caches and switch off browser features.

* ``Cache-Control: no-store`` on every response to a signed-in user: a staff page, an API answer
  or a CMS screen may hold a person's data, and neither the browser's back-forward cache and
  disk cache nor a proxy may keep it. Public pages seen anonymously keep their own caching.
* ``Permissions-Policy`` on every response: the system never uses the camera, microphone,
  location, payment or similar browser features, so no page (nor anything injected into one)
  may ask for them.
"""

from __future__ import annotations

# Features no page of the system uses; an empty allow-list switches each one off.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
        "interest-cohort",
    )
) + ", publickey-credentials-get=(self), publickey-credentials-create=(self)"  # security keys, should MFA offer them


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Replace rather than add to: "max-age" next to "no-store" would only confuse a cache.
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
