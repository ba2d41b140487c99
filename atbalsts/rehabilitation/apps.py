from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabilitationConfig(AppConfig):
    name = "atbalsts.rehabilitation"
    label = "rehabilitation"
    verbose_name = _("Social rehabilitation")
