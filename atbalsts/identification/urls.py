from django.urls import path

from . import shared_views, views

app_name = "identification"
urlpatterns = [
    path("open/<str:case_number>/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/interviews/new/", views.interview_new, name="interview_new"),
    path("<int:pk>/interviews/<int:interview_id>/", views.interview_detail, name="interview"),
    path("<int:pk>/grounds/new/", views.ground_new, name="ground_new"),
    path("<int:pk>/legal-representative/", views.legal_representative, name="legal_representative"),
    path("<int:pk>/children/", views.child_link, name="child_link"),
    path("<int:pk>/travel/", views.travel_new, name="travel_new"),
    path("<int:pk>/htcds-referral/", views.htcds_referral, name="htcds_referral"),
    path("<int:pk>/eligibility/", views.eligibility_record, name="eligibility"),
    path("<int:pk>/exploitation-start/", views.exploitation_start, name="exploitation_start"),
    path("<int:pk>/commission/new/", views.commission_convene, name="convene"),
    path("commissions/<int:pk>/", views.commission_detail, name="commission"),
    path("commissions/<int:pk>/meeting-date/", views.commission_reschedule, name="reschedule"),
    path("commissions/<int:pk>/members/", views.commission_member_add, name="member_add"),
    path("commissions/<int:pk>/assessment/", views.commission_assess, name="assess"),
    path("commissions/<int:pk>/conclude/", views.commission_conclude, name="conclude"),
    path("commissions/<int:pk>/acknowledge/", views.commission_acknowledge, name="acknowledge"),
    path("commissions/<int:pk>/protocol/", views.protocol, name="protocol"),
    path("commissions/<int:pk>/protocol.pdf", views.protocol_pdf, name="protocol_pdf"),
    path("<int:pk>/documents/<int:document_id>/", views.case_document, name="document"),
    path("shared/<str:case_number>/health/", shared_views.shared_health, name="shared_health"),
]
