"""The child's registers: participation profile, network and bisiddere, safety restriction."""

from django.urls import path

from stemme.participation.views import registers as views

urlpatterns: list = [
    path("boern/<uuid:child_id>/inddragelse/profil/", views.profile, name="profile"),
    path("boern/<uuid:child_id>/netvaerk/", views.network, name="network"),
    path("boern/<uuid:child_id>/netvaerk/ny/", views.network_add, name="network_add"),
    path(
        "boern/<uuid:child_id>/netvaerk/gennemgaaet/",
        views.network_reviewed,
        name="network_reviewed",
    ),
    path(
        "boern/<uuid:child_id>/netvaerk/<int:member_id>/",
        views.network_edit,
        name="network_edit",
    ),
    path(
        "boern/<uuid:child_id>/netvaerk/<int:member_id>/fjern/",
        views.network_remove,
        name="network_remove",
    ),
    path("boern/<uuid:child_id>/bisiddere/ny/", views.bisidder_add, name="bisidder_add"),
    path(
        "boern/<uuid:child_id>/bisiddere/<int:bisidder_id>/afslut/",
        views.bisidder_end,
        name="bisidder_end",
    ),
    path("boern/<uuid:child_id>/sikkerhed/", views.safety, name="safety"),
    path(
        "boern/<uuid:child_id>/sikkerhed/<int:restriction_id>/",
        views.safety_edit,
        name="safety_edit",
    ),
    path(
        "boern/<uuid:child_id>/sikkerhed/<int:restriction_id>/ophaev/",
        views.safety_lift,
        name="safety_lift",
    ),
]
