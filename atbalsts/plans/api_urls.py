from rest_framework.routers import DefaultRouter

from .api import PlanViewSet

router = DefaultRouter()
router.register("cases", PlanViewSet, basename="plan")

urlpatterns = router.urls
