from rest_framework.routers import DefaultRouter

from atbalsts.people.api import ClientViewSet

router = DefaultRouter()
router.register("clients", ClientViewSet, basename="client")

urlpatterns = router.urls
