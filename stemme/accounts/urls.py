from django.urls import path
from django.views.i18n import set_language

from stemme.accounts.views import auth, organisation, staff

app_name = "accounts"

urlpatterns = [
    path("log-ind/", auth.LoginView.as_view(), name="login"),
    path("log-ud/", auth.LogoutView.as_view(), name="logout"),
    path("totrin/", auth.mfa_verify, name="mfa_verify"),
    path("totrin/opsaet/", auth.mfa_setup, name="mfa_setup"),
    path("totrin/tilmeldingskode/", auth.mfa_enrol, name="mfa_enrol"),
    path("totrin/gendannelseskoder/", auth.recovery_codes, name="recovery_codes"),
    path("session/forny/", auth.session_keepalive, name="session_keepalive"),
    path("sikkerhed/", auth.security, name="security"),
    path("sikkerhed/adgangskode/", auth.password_change, name="password_change"),
    path(
        "organisation/medarbejdere/<int:user_id>/nulstil-totrin/",
        auth.mfa_reset,
        name="mfa_reset",
    ),
    path(
        "organisation/medarbejdere/<int:user_id>/tilmeldingskode/",
        auth.enrolment_code_issue,
        name="enrolment_code_issue",
    ),
    path("sprog/", set_language, name="set_language"),
    path("organisation/", organisation.organisation, name="organisation"),
    path("organisation/min-sag/", organisation.organisation_portal, name="organisation_portal"),
    path("organisation/teams/<int:team_id>/", organisation.team_duty, name="team_duty"),
    path(
        "organisation/teams/<int:team_id>/afdeling/",
        organisation.team_department,
        name="team_department",
    ),
    path("organisation/medarbejdere/", staff.staff_list, name="staff_list"),
    path("organisation/medarbejdere/ny/", staff.staff_create, name="staff_create"),
    path("organisation/medarbejdere/<int:user_id>/", staff.staff_detail, name="staff_detail"),
    path("organisation/medarbejdere/<int:user_id>/ret/", staff.staff_edit, name="staff_edit"),
    path(
        "organisation/medarbejdere/<int:user_id>/deaktiver/",
        staff.staff_deactivate,
        name="staff_deactivate",
    ),
    path(
        "organisation/medarbejdere/<int:user_id>/ny-adgangskode/",
        staff.staff_password_reset,
        name="staff_password_reset",
    ),
    path(
        "organisation/medarbejdere/<int:user_id>/genaktiver/",
        staff.staff_reactivate,
        name="staff_reactivate",
    ),
    path("profil/", organisation.profile, name="profile"),
    path("foto/<int:user_id>/", organisation.photo, name="photo"),
]
