"""Referrals abroad, mounted at /federation/: the operators' pages and the partners' endpoint."""

from django.urls import path

from . import api, views

app_name = "federation"
urlpatterns = [
    path("v1/packages/", api.packages_endpoint, name="packages"),
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/<str:reference>/", views.inbound_detail_page, name="inbound_detail"),
    path("outbound/", views.outbound_page, name="outbound"),
    path("outbound/new/", views.new_outbound_page, name="new"),
    path("outbound/<str:reference>/", views.outbound_detail_page, name="outbound_detail"),
    path("outbound/<str:reference>/cancel/", views.cancel_page, name="cancel"),
    path("packages/<str:reference>/export/", views.export_page, name="export"),
    path("import/", views.import_page, name="import"),
    path("partners/", views.partners_page, name="partners"),
]
