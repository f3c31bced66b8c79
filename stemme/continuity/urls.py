from django.urls import path

from stemme.continuity import views

app_name = "continuity"

urlpatterns = [
    path("fratraedelse/", views.leavers, name="leavers"),
    path("fratraedelse/<int:user_id>/", views.leaver, name="leaver"),
    path("sager/<uuid:case_id>/overdragelse/ny/", views.handover_new, name="handover_new"),
    path(
        "sager/<uuid:case_id>/overdragelse/<uuid:handover_id>/",
        views.handover,
        name="handover",
    ),
    path(
        "sager/<uuid:case_id>/overdragelse/<uuid:handover_id>/trin/<slug:step>/",
        views.handover_step,
        name="handover_step",
    ),
    path(
        "sager/<uuid:case_id>/overdragelse/<uuid:handover_id>/send-brev/",
        views.handover_letter,
        name="handover_letter",
    ),
    path(
        "sager/<uuid:case_id>/overdragelse/<uuid:handover_id>/underret-foraeldre/",
        views.handover_parents,
        name="handover_parents",
    ),
    path("sager/<uuid:case_id>/sekundaer-raadgiver/", views.secondary, name="secondary"),
    path("boern/<uuid:child_id>/min-historie/", views.story, name="story"),
]
