"""The child's voice and the child's registers, one named list each (all in the
"participation" namespace)."""

from django.urls import path

from stemme.participation.views import registers, voice

app_name = "participation"

# The child's voice: rights information and the child's own words.
voice_urls = [
    path("boern/<uuid:child_id>/rettigheder/", voice.rights, name="rights"),
    path("boern/<uuid:child_id>/rettigheder/brev/", voice.rights_letter, name="rights_letter"),
    path("sager/<uuid:case_id>/barnets-ord/", voice.statement_add, name="statement_add"),
]
# The child's registers: participation profile, network and bisiddere, safety restriction.
register_urls = [
    path("boern/<uuid:child_id>/inddragelse/profil/", registers.profile, name="profile"),
    path("boern/<uuid:child_id>/netvaerk/", registers.network, name="network"),
    path("boern/<uuid:child_id>/netvaerk/ny/", registers.network_add, name="network_add"),
    path(
        "boern/<uuid:child_id>/netvaerk/gennemgaaet/",
        registers.network_reviewed,
        name="network_reviewed",
    ),
    path(
        "boern/<uuid:child_id>/netvaerk/<int:member_id>/",
        registers.network_edit,
        name="network_edit",
    ),
    path(
        "boern/<uuid:child_id>/netvaerk/<int:member_id>/fjern/",
        registers.network_remove,
        name="network_remove",
    ),
    path("boern/<uuid:child_id>/bisiddere/ny/", registers.bisidder_add, name="bisidder_add"),
    path(
        "boern/<uuid:child_id>/bisiddere/<int:bisidder_id>/afslut/",
        registers.bisidder_end,
        name="bisidder_end",
    ),
    path("boern/<uuid:child_id>/sikkerhed/", registers.safety, name="safety"),
    path(
        "boern/<uuid:child_id>/sikkerhed/<int:restriction_id>/",
        registers.safety_edit,
        name="safety_edit",
    ),
    path(
        "boern/<uuid:child_id>/sikkerhed/<int:restriction_id>/ophaev/",
        registers.safety_lift,
        name="safety_lift",
    ),
]

urlpatterns = voice_urls + register_urls
