from rest_framework.routers import SimpleRouter

from .api import CourseViewSet

router = SimpleRouter()
router.register("courses", CourseViewSet, basename="rehabilitation-course")

urlpatterns = router.urls
