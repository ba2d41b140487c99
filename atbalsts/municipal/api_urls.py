from rest_framework.routers import SimpleRouter

from .api import InformationRequestViewSet, MunicipalCaseViewSet, ReferralViewSet

router = SimpleRouter()
router.register("cases", MunicipalCaseViewSet, basename="municipal-case")
router.register("referrals", ReferralViewSet, basename="municipal-referral")
router.register("requests", InformationRequestViewSet, basename="municipal-request")

urlpatterns = router.urls
