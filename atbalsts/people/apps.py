from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "atbalsts.people"
    label = "people"
    verbose_name = _("Clients")

    def ready(self):
        from atbalsts.lib.crypto import register_api_fields

        register_api_fields()

        from atbalsts.statistics.linkage import register_source

        from .linkage_source import rows

        register_source(rows)
