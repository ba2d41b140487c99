from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# The admin signs in through allauth too, so its second factor cannot be bypassed.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # The public portal: no sign-in, language in the address so no cookie is needed.
    *i18n_patterns(path("", include("atbalsts.portal.urls")), prefix_default_language=True),
    path("", include("atbalsts.web.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("clients/", include("atbalsts.people.urls")),
    path("identification/", include("atbalsts.identification.urls")),
    path("decisions/", include("atbalsts.decisions.urls")),
    path("rehabilitation/", include("atbalsts.rehabilitation.urls")),
    path("municipal/", include("atbalsts.municipal.urls")),
    path("tasks/", include("atbalsts.tasks.urls")),
    path("policy/", include("atbalsts.policy.urls")),
    path("hotline/", include("atbalsts.portal.staff_urls")),
    path("audit/", include("atbalsts.audit.urls")),
    path("api/", include("atbalsts.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
]
