from django.urls import path
from django.views.i18n import set_language

from stemme.accounts import views, views_auth

app_name = "accounts"

urlpatterns = [
    path("log-ind/", views_auth.LoginView.as_view(), name="login"),
    path("log-ud/", views_auth.LogoutView.as_view(), name="logout"),
    path("totrin/", views_auth.mfa_verify, name="mfa_verify"),
    path("totrin/opsaet/", views_auth.mfa_setup, name="mfa_setup"),
    path("totrin/tilmeldingskode/", views_auth.mfa_enrol, name="mfa_enrol"),
    path("totrin/gendannelseskoder/", views_auth.recovery_codes, name="recovery_codes"),
    path("session/forny/", views_auth.session_keepalive, name="session_keepalive"),
    path("sikkerhed/", views_auth.security, name="security"),
    path("sikkerhed/adgangskode/", views_auth.password_change, name="password_change"),
    path(
        "organisation/medarbejdere/<int:user_id>/nulstil-totrin/",
        views_auth.mfa_reset,
        name="mfa_reset",
    ),
    path(
        "organisation/medarbejdere/<int:user_id>/tilmeldingskode/",
        views_auth.enrolment_code_issue,
        name="enrolment_code_issue",
    ),
    path("sprog/", set_language, name="set_language"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/min-sag/", views.organisation_portal, name="organisation_portal"),
    path("organisation/teams/<int:team_id>/", views.team_duty, name="team_duty"),
    path("profil/", views.profile, name="profile"),
    path("foto/<int:user_id>/", views.photo, name="photo"),
]
