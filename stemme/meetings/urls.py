from django.urls import path

from stemme.meetings import views

app_name = "meetings"

urlpatterns = [
    path("uge/", views.week, name="week"),
    path("sager/<uuid:case_id>/moeder/", views.case_meetings, name="case_meetings"),
    path("sager/<uuid:case_id>/moeder/ny/", views.meeting_plan, name="plan"),
    path("moeder/<uuid:meeting_id>/", views.meeting_detail, name="detail"),
    path("moeder/<uuid:meeting_id>/ret/", views.meeting_edit, name="edit"),
    path("moeder/<uuid:meeting_id>/flyt/", views.meeting_move, name="move"),
    path("moeder/<uuid:meeting_id>/kalender.ics", views.meeting_ics, name="ics"),
    path("moeder/<uuid:meeting_id>/dagsorden/", views.child_agenda, name="agenda"),
    path("moeder/<uuid:meeting_id>/deltagere/", views.participant_add, name="participant_add"),
    path(
        "moeder/<uuid:meeting_id>/deltagere/<int:participant_id>/fjern/",
        views.participant_remove,
        name="participant_remove",
    ),
    path(
        "moeder/<uuid:meeting_id>/deltagere/<int:participant_id>/kalender.ics",
        views.participant_ics,
        name="participant_ics",
    ),
    path("moeder/<uuid:meeting_id>/punkter/", views.item_add, name="item_add"),
    path(
        "moeder/<uuid:meeting_id>/punkter/<int:item_id>/fjern/",
        views.item_remove,
        name="item_remove",
    ),
    path("moeder/<uuid:meeting_id>/punkter/<int:item_id>/flyt/", views.item_move, name="item_move"),
    path("moeder/<uuid:meeting_id>/send-dagsorden/", views.send_agenda, name="send_agenda"),
    path("moeder/<uuid:meeting_id>/inviter/", views.invite, name="invite"),
    path("moeder/<uuid:meeting_id>/afholdt/", views.hold, name="hold"),
    path("moeder/<uuid:meeting_id>/opsummering/", views.summary, name="summary"),
    path("moeder/<uuid:meeting_id>/opsummering/givet/", views.deliver, name="deliver"),
    path("moeder/<uuid:meeting_id>/aflys/", views.cancel, name="cancel"),
    path(
        "moeder/<uuid:meeting_id>/oensker/<uuid:wish_id>/klaret/",
        views.wish_handle,
        name="wish_handle",
    ),
]
