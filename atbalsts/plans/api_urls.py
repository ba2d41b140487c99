from rest_framework.routers import SimpleRouter

from .api import PlanViewSet

router = SimpleRouter()
router.register("cases", PlanViewSet, basename="plan")

urlpatterns = router.urls
