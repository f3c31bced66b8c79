"""Top-level URL map. Staff pages only for now; the child portal gets its own URL space later."""

from django.urls import include, path

urlpatterns = [
    path("", include("stemme.core.urls")),
    path("konto/", include("stemme.accounts.urls")),
    path("boern/", include("stemme.children.urls")),
    path("sager/", include("stemme.cases.urls")),
    path("", include("stemme.deadlines.urls")),
    path("", include("stemme.participation.urls")),
    path("", include("stemme.meetings.urls")),
    path("", include("stemme.letters.urls")),
    path("", include("stemme.continuity.urls")),
    path("", include("stemme.dashboards.urls")),
    path("min-sag/", include("stemme.portal.urls")),
    path("", include("stemme.portal.staff_urls")),
    path("", include("stemme.privacy.urls")),
    path("adgang/", include("stemme.access.urls")),
    path("kladder/", include("stemme.drafts.urls")),
]
