from django.urls import path

from . import views

app_name = "rehabilitation"
urlpatterns = [
    path("<str:case_number>/", views.course, name="course"),
    path("<str:case_number>/close/", views.close, name="close"),
    path("<str:case_number>/services/", views.services_list, name="services"),
    path("<str:case_number>/services/add/<str:kind>/", views.service_add, name="service_add"),
    path("<str:case_number>/services/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<str:case_number>/aftercare/", views.aftercare, name="aftercare"),
    path("<str:case_number>/aftercare/consultation/", views.aftercare_consultation, name="aftercare_consultation"),
    path("<str:case_number>/aftercare/support/", views.support_hours, name="support_hours"),
    path("<str:case_number>/aftercare/family/", views.family_consultation, name="family_consultation"),
    path("<str:case_number>/aftercare/proceedings/", views.proceedings, name="proceedings"),
    path("<str:case_number>/aftercare/proceedings/document/", views.proceedings_document,
         name="proceedings_document"),
    path("<str:case_number>/shared/", views.shared, name="shared"),
]
