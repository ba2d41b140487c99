from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atbalsts.accounts"
    label = "accounts"
    verbose_name = _("Organisations and people who work in them")

    def ready(self):
        from atbalsts.lib.rotation import register_encrypted_json

        from . import signals  # noqa: F401 — connects the sign-in audit receivers

        # TOTP secrets and recovery-code seeds, encrypted by accounts.adapter.MFAAdapter.
        register_encrypted_json("mfa.Authenticator", "data", ("secret", "seed", "migrated_codes"))
