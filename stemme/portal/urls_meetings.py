"""Portal URLs: meetings (see urls.py)."""

from django.urls import path

from stemme.portal.views import meetings as views

urlpatterns: list = [
    path("moeder/", views.meetings, name="meetings"),
    path("moeder/<uuid:meeting_id>/", views.meeting, name="meeting"),
    path(
        "moeder/<uuid:meeting_id>/hvordan-var-det/",
        views.meeting_feedback,
        name="meeting_feedback",
    ),
]
