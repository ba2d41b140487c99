from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    # Before "<case_number>/": "shared" is not a case number.
    path("shared/", views.shared_list, name="shared_list"),
    path("<str:case_number>/", views.client_detail, name="detail"),
    path("<str:case_number>/edit/", views.client_edit, name="edit"),
    path("<str:case_number>/family/new/", views.family_add, name="family_add"),
    path("<str:case_number>/family/<int:member_id>/remove/", views.family_remove, name="family_remove"),
    path("<str:case_number>/team/add/", views.team_add, name="team_add"),
    path("<str:case_number>/consents/", views.consent_list, name="consents"),
    path("<str:case_number>/consents/new/", views.consent_new, name="consent_new"),
    path("<str:case_number>/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<str:case_number>/consents/<int:pk>/form/", views.consent_form_download, name="consent_form"),
    path("<str:case_number>/shared/", views.shared_client, name="shared"),
]
