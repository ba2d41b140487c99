from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail.admin import urls as wagtailadmin_urls

# The admin signs in through allauth too, so its second factor cannot be bypassed.
admin.site.login = secure_admin_login(admin.site.login)



def _not_found(request):
    raise Http404


urlpatterns = [
    # The public portal: no sign-in, language in the address so no cookie is needed.
    *i18n_patterns(
        path("", include("atbalsts.portal.urls")),
        # Content pages edited in Wagtail (atbalsts.content): /<lang>/info/...
        path("info/", include("atbalsts.content.urls")),
        prefix_default_language=True,
    ),
    path("", include("atbalsts.web.urls")),
    # Accounts are made by each organisation's administrator: allauth's sign-up page does not exist.
    path("accounts/signup/", login_not_required(_not_found)),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("clients/", include("atbalsts.people.urls")),
    path("identification/", include("atbalsts.identification.urls")),
    path("decisions/", include("atbalsts.decisions.urls")),
    path("rehabilitation/", include("atbalsts.rehabilitation.urls")),
    path("plans/", include("atbalsts.plans.urls")),
    path("municipal/", include("atbalsts.municipal.urls")),
    path("referrals/", include("atbalsts.referrals.urls")),
    path("tasks/", include("atbalsts.tasks.urls")),
    path("reports/", include("atbalsts.reports.urls")),
    path("statistics/htcds/", include("atbalsts.statistics.htcds_urls")),
    path("statistics/", include("atbalsts.statistics.urls")),
    path("policy/", include("atbalsts.policy.urls")),
    # The contact log first: the inbox below takes any /hotline/<reference>/.
    path("hotline/contacts/", include("atbalsts.hotline.urls")),
    path("hotline/", include("atbalsts.portal.staff_urls")),
    path("federation/", include("atbalsts.federation.urls")),
    path("audit/", include("atbalsts.audit.urls")),
    path("api/", include("atbalsts.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
    # Wagtail admin for the portal's content: editors only, behind allauth + MFA (CMSGateMiddleware);
    # its own login page would skip the second factor, so it sends people to allauth's.
    # Wagtail's page that fails on purpose, to try error reporting: never a server error here.
    path("cms/failwhale/", _not_found),
    path("cms/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    # Wagtail's own sign-out ends the session even on a GET (a link on another site could sign
    # an editor out); the one sign-out is allauth's, which asks and then signs out on POST.
    path("cms/logout/", RedirectView.as_view(pattern_name="account_logout")),
    path("cms/", include(wagtailadmin_urls)),
]
