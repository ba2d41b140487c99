from rest_framework.routers import SimpleRouter

from .api import TaskViewSet

router = SimpleRouter()
router.register("", TaskViewSet, basename="task")

urlpatterns = router.urls
