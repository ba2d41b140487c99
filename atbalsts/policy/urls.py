from django.urls import path

from atbalsts.policy import views

app_name = "policy"

urlpatterns = [
    path("", views.rules, name="rules"),
]
