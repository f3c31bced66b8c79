"""The child portal, under /min-sag/. Its own session (session.py), never the staff login."""

from django.urls import path

from stemme.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("aktiver/", views.activate, name="activate"),
    path("log-ind/", views.login, name="login"),
    path("log-ud/", views.logout, name="logout"),
    path("raadgiver/<int:user_id>/foto/", views.caseworker_photo, name="caseworker_photo"),
]
