from django.urls import path, re_path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report, name="period"),
    re_path(r"^period\.(?P<fmt>csv|xlsx|pdf)$", views.download, name="download"),
]
