from django.urls import path

from . import htcds_views

app_name = "statistics_htcds"
urlpatterns = [
    path("import/", htcds_views.upload, name="upload"),
    path("import/<uuid:pk>/", htcds_views.status, name="status"),
]
