from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "atbalsts.content"
    label = "content"
    verbose_name = _("Public portal content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from atbalsts.portal.cache import invalidate

        from .initial import ensure_initial_content

        # Publishing, unpublishing or moving a page empties the public page cache at once.
        page_published.connect(invalidate, dispatch_uid="content-cache-published")
        page_unpublished.connect(invalidate, dispatch_uid="content-cache-unpublished")
        post_page_move.connect(invalidate, dispatch_uid="content-cache-moved")
        post_delete.connect(invalidate, sender=Page, dispatch_uid="content-cache-deleted")
        # A fresh install (and every test database) has the public content in all four languages.
        post_migrate.connect(ensure_initial_content, sender=self, dispatch_uid="content-initial")
