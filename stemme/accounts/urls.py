from django.urls import path
from django.views.i18n import set_language

from stemme.accounts import views

app_name = "accounts"

urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
    path("sprog/", set_language, name="set_language"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/min-sag/", views.organisation_portal, name="organisation_portal"),
    path("organisation/teams/<int:team_id>/", views.team_duty, name="team_duty"),
    path("profil/", views.profile, name="profile"),
    path("foto/<int:user_id>/", views.photo, name="photo"),
]
