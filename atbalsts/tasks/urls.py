from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("<int:pk>/done/", views.task_done, name="done"),
    path("digest-language/", views.digest_language, name="digest_language"),
]
