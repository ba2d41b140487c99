from django.urls import path, re_path

from . import views

app_name = "statistics"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    re_path(r"^(?P<what>all|eurostat|glotip|greta)\.(?P<fmt>csv|xlsx)$", views.download, name="download"),
]
