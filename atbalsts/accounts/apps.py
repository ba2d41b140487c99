from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atbalsts.accounts"
    label = "accounts"
    verbose_name = _("Organisations and people who work in them")

    def ready(self):
        from . import signals  # noqa: F401 — connects the sign-in audit receivers
