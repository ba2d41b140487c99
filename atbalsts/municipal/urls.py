from django.urls import path

from . import views

app_name = "municipal"
urlpatterns = [
    path("", views.index, name="index"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/steps/new/", views.step_new, name="step_new"),
    path("cases/<int:pk>/link/", views.link_provider_client, name="link"),
    path("cases/<int:pk>/screenings/new/", views.screening_new, name="screening_new"),
    path("cases/<int:pk>/screenings/<int:screening_id>/refer/", views.referral_new, name="referral_new"),
    path("cases/<int:pk>/requests/new/", views.request_new, name="request_new"),
    path("cases/<int:pk>/team/", views.case_team, name="team"),
    path("cases/<int:pk>/consents/new/", views.office_consent_new, name="office_consent_new"),
    path("cases/<int:pk>/consents/<int:consent_id>/withdraw/", views.office_consent_withdraw,
         name="office_consent_withdraw"),
    path("teams/", views.team_overview, name="teams"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("incoming/referrals/", views.incoming_referrals, name="incoming_referrals"),
    path("incoming/referrals/<int:pk>/", views.incoming_referral, name="incoming_referral"),
    path("incoming/requests/", views.incoming_requests, name="incoming_requests"),
    path("incoming/requests/<int:pk>/", views.incoming_request, name="incoming_request"),
]
