"""Staff pages about a child's access to the portal (activation codes and letters)."""

from django.urls import path

from stemme.portal import staff_views

app_name = "portal_staff"

urlpatterns = [
    path("boern/<uuid:child_id>/min-sag-adgang/", staff_views.portal_access, name="access"),
]
