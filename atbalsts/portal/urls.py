"""Public pages under /<language>/. Explicit paths only: a catch-all here would make the locale
middleware redirect unknown staff addresses to /lv/... and so reveal which ones exist."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.help_directory, name="directory"),
    path("report/", views.report, name="report"),
    path("report/add/", views.report_add, name="report_add"),
    path("x/", views.quick_exit, name="exit"),
    path("leave/", views.leave, name="leave"),
]
