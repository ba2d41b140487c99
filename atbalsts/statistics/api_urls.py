from django.urls import path

from .api import FiguresView, NationalDatasetView, ReportTableView

urlpatterns = [
    path("figures/", FiguresView.as_view(), name="statistics-figures"),
    path("htcds-national/", NationalDatasetView.as_view(), name="statistics-htcds-national"),
    path("reports/<slug:layout>/", ReportTableView.as_view(), name="statistics-report"),
]
