from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "atbalsts.jobs"
    label = "jobs"
    verbose_name = "Background workers"
    default_auto_field = "django.db.models.BigAutoField"
