from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "atbalsts.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .cache import invalidate
        from .models import OpeningHours, Service, ServicePhone, ServiceSituation

        # A change to the directory shows at once, not after the cache's short lifetime.
        for model in (Service, ServicePhone, OpeningHours, ServiceSituation):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"portal-cache-save-{model.__name__}")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"portal-cache-delete-{model.__name__}")
