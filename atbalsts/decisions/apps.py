from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "atbalsts.decisions"
    label = "decisions"
    verbose_name = _("State decisions")

    def ready(self) -> None:
        from . import stats  # noqa: F401  (registers its labels and counts with statistics)
