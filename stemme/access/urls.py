from django.urls import path

from stemme.access import views

app_name = "access"

urlpatterns = [
    path("stedfortraedere/", views.deputies, name="deputies"),
    path("stedfortraedere/<uuid:deputy_id>/afslut/", views.deputy_end, name="deputy_end"),
    path("noedadgang/", views.emergency_request, name="emergency_request"),
    path("noedadgang/oversigt/", views.emergency_review, name="emergency_review"),
    path(
        "noedadgang/<uuid:access_id>/gennemgaaet/",
        views.emergency_reviewed,
        name="emergency_reviewed",
    ),
]
