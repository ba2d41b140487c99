from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabilitationConfig(AppConfig):
    name = "atbalsts.rehabilitation"
    label = "rehabilitation"
    verbose_name = _("Social rehabilitation")

    def ready(self) -> None:
        from . import (
            signals,  # noqa: F401  (connects the course to SIVA's grant)
            stats,  # noqa: F401  (registers its labels and counts with statistics)
        )
