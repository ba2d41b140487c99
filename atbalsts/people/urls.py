from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<str:case_number>/", views.client_detail, name="detail"),
    path("<str:case_number>/edit/", views.client_edit, name="edit"),
    path("<str:case_number>/family/new/", views.family_add, name="family_add"),
    path("<str:case_number>/family/<int:member_id>/remove/", views.family_remove, name="family_remove"),
    path("<str:case_number>/team/add/", views.team_add, name="team_add"),
]
