"""The child portal, under /min-sag/. Its own session (session.py), never the staff login.

Each topic keeps its own URL module (``urls_<topic>.py``); all share the "portal" namespace.
"""

from django.urls import path

from stemme.portal import urls_case_pages, urls_meetings, urls_messages, urls_pages
from stemme.portal.views import accounts as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("aktiver/", views.activate, name="activate"),
    path("log-ind/", views.login, name="login"),
    path("log-ud/", views.logout, name="logout"),
    path("luk/", views.quick_exit, name="quick_exit"),
    path("raadgiver/<int:user_id>/foto/", views.caseworker_photo, name="caseworker_photo"),
    *urls_meetings.urlpatterns,
    *urls_messages.urlpatterns,
    *urls_pages.urlpatterns,
    *urls_case_pages.urlpatterns,
]
