from rest_framework.routers import DefaultRouter

from .api import CourseViewSet

router = DefaultRouter()
router.register("courses", CourseViewSet, basename="rehabilitation-course")

urlpatterns = router.urls
