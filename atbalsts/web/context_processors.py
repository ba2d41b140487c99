from django.conf import settings


def atbalsts(request):
    actor = getattr(request, "actor", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "actor": actor,
        "staff_languages": settings.STAFF_LANGUAGES,
    }
