"""Top-level URL map: each app's own urls.py; the child portal under /min-sag/."""

from django.urls import include, path

from stemme.portal.urls import staff_urls as portal_staff_urls

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
    path("", include((portal_staff_urls, "portal_staff"))),
    path("", include("stemme.privacy.urls")),
    path("adgang/", include("stemme.access.urls")),
    path("kladder/", include("stemme.drafts.urls")),
]
