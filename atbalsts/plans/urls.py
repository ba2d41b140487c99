from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("<str:case_number>/", views.plan, name="plan"),
    path("<str:case_number>/edit/", views.edit, name="edit"),
    path("<str:case_number>/versions/", views.versions, name="versions"),
    path("<str:case_number>/versions/<int:number>/", views.version_detail, name="version"),
    path("<str:case_number>/compare/", views.compare, name="compare"),
    path("<str:case_number>/reviews/", views.reviews, name="reviews"),
    path("<str:case_number>/shared/", views.shared, name="shared"),
]
