"""Top-level URL map: each app's own urls.py under its prefix; the child portal under /min-sag/.

Apps mounted at "" have paths that nest under a case or a child (``sager/<id>/moeder/``,
``boern/<id>/netvaerk/``: the resource they belong to) or are single top-level pages
(``arbejdsliste/``); a prefix of their own would move pages people have bookmarked and that the
access log and saved drafts name by path (docs/architecture.md, "One app shape")."""

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
    path("boern/", include("stemme.letters.urls")),
    path("", include("stemme.continuity.urls")),
    path("sager/", include("stemme.journal.urls")),
    path("sager/", include("stemme.documents.urls")),
    path("ledelse/", include("stemme.dashboards.urls")),
    path("ledelse/ungeundersoegelse/", include("stemme.survey.urls")),
    path("ledelse/", include("stemme.oversight.urls")),
    path("min-sag/", include("stemme.portal.urls")),
    path("", include((portal_staff_urls, "portal_staff"))),
    path("boern/", include("stemme.privacy.urls")),
    path("adgang/", include("stemme.access.urls")),
    path("kladder/", include("stemme.drafts.urls")),
    path("", include("stemme.operations.urls")),
    path("konto/", include("stemme.notifications.urls")),
]
