from rest_framework.routers import SimpleRouter

from .api import ReferralViewSet

router = SimpleRouter()
router.register("", ReferralViewSet, basename="referral")

urlpatterns = router.urls
