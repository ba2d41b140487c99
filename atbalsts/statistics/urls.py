from django.urls import path, re_path

from . import views

app_name = "statistics"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("htcds-national.csv", views.htcds_national, name="htcds_national"),
    path("htcds-national.json", views.htcds_national_metadata, name="htcds_national_metadata"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    re_path(r"^(?P<what>all|eurostat|glotip|greta)\.(?P<fmt>csv|xlsx)$", views.download, name="download"),
]
