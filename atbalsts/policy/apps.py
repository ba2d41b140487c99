from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "atbalsts.policy"
    label = "policy"
    verbose_name = _("Rules and working-day calendar")
