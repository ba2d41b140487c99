from rest_framework.routers import SimpleRouter

from .api import ContactViewSet

router = SimpleRouter()
router.register("contacts", ContactViewSet, basename="hotline-contact")

urlpatterns = router.urls
