"""Staff pages about the portal: access (activation codes, letters, disabling) and messages."""

from django.urls import path

from stemme.portal import staff_urls_messages, staff_views

app_name = "portal_staff"

urlpatterns = [
    path("boern/<uuid:child_id>/min-sag-adgang/", staff_views.portal_access, name="access"),
    path(
        "boern/<uuid:child_id>/min-sag-adgang/<uuid:account_id>/",
        staff_views.portal_account_action,
        name="account_action",
    ),
    *staff_urls_messages.urlpatterns,
]
