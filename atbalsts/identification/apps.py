from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "atbalsts.identification"
    label = "identification"
    verbose_name = _("Identification")

    def ready(self) -> None:
        from . import stats  # noqa: F401  (registers its labels and counts with statistics)
