from django.urls import path

from .api import PeriodReportView

urlpatterns = [
    path("period/", PeriodReportView.as_view(), name="reports-period"),
]
