"""Content pages under /<lang>/info/ (mounted inside the portal's ``i18n_patterns``).

Only Wagtail's page-serving view is mounted, not its front-end login or password forms: private
pages send people to the one sign-in (allauth, with MFA). The prefix keeps the rule of the
portal's URLs: no catch-all at /<lang>/ itself."""

from django.contrib.auth.decorators import login_not_required
from django.urls import re_path
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views
from wagtail.urls import serve_pattern

from atbalsts.portal.cache import public_page_cache

serve = login_not_required(require_safe(public_page_cache(wagtail_views.serve)))

urlpatterns = [re_path(serve_pattern, serve, name="wagtail_serve")]
