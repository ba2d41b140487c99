"""The hotline operators' inbox, mounted at /hotline/ in the staff part of the site."""

from django.urls import path

from . import staff_views

app_name = "hotline"
urlpatterns = [
    path("", staff_views.inbox_page, name="inbox"),
    path("<str:reference>/", staff_views.report_page, name="report"),
]
