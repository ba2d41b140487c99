from django.urls import include, path
from rest_framework.routers import SimpleRouter

from atbalsts.decisions.api import ApplicationViewSet, DecisionViewSet, SivaInboxViewSet
from atbalsts.identification.api import CaseViewSet, CommissionViewSet
from atbalsts.people.api import ClientViewSet, ConsentViewSet

router = SimpleRouter()
router.register("clients", ClientViewSet, basename="client")
router.register("consents", ConsentViewSet, basename="consent")
router.register("identification/cases", CaseViewSet, basename="identification-case")
router.register("identification/commissions", CommissionViewSet, basename="commission")
router.register("decisions/applications", ApplicationViewSet, basename="siva-application")
router.register("decisions/siva-inbox", SivaInboxViewSet, basename="siva-inbox")
router.register("decisions/decisions", DecisionViewSet, basename="siva-decision")

# Later stages keep their own routers, so each app owns its API wiring.
urlpatterns = [
    *router.urls,
    path("rehabilitation/", include("atbalsts.rehabilitation.api_urls")),
    path("plans/", include("atbalsts.plans.api_urls")),
    path("municipal/", include("atbalsts.municipal.api_urls")),
    path("referrals/", include("atbalsts.referrals.api_urls")),
    path("portal/", include("atbalsts.portal.api_urls")),
    path("hotline/", include("atbalsts.hotline.api_urls")),
    path("tasks/", include("atbalsts.tasks.api_urls")),
    path("reports/", include("atbalsts.reports.api_urls")),
    path("statistics/", include("atbalsts.statistics.api_urls")),
]
