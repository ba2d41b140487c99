"""The contact log, mounted at /hotline/contacts/ (before the portal's /hotline/<reference>/)."""

from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("", views.log_page, name="log"),
    path("new/", views.new_contact, name="new"),
    path("count/", views.count_only, name="count"),
    path("<str:reference>/", views.contact_detail, name="detail"),
    path("<str:reference>/client/", views.client_from_contact, name="client"),
    path("<str:reference>/refer/", views.refer_contact, name="refer"),
    path("<str:reference>/tasks/<int:task_id>/done/", views.task_done, name="task_done"),
]
