from django.urls import path

from .api import FiguresView, ReportTableView

urlpatterns = [
    path("figures/", FiguresView.as_view(), name="statistics-figures"),
    path("reports/<slug:layout>/", ReportTableView.as_view(), name="statistics-report"),
]
