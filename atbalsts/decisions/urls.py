from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("apply/<int:case_id>/", views.apply, name="apply"),
    path("inbox/", views.inbox, name="inbox"),
    path("queue/", views.queue, name="queue"),
    path("archive/", views.archive, name="archive"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("applications/<int:pk>/documents/<int:document_id>/", views.siva_document, name="document"),
    path("applications/<int:pk>/protocol.pdf", views.siva_protocol, name="protocol"),
]
