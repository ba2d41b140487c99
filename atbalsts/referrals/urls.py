from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.outbox, name="outbox"),
    path("new/", views.send, name="send"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/accept/", views.accept, name="accept"),
    path("<str:reference>/decline/", views.decline, name="decline"),
    path("<str:reference>/outcome/", views.outcome, name="outcome"),
]
