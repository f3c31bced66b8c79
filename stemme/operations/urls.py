from django.urls import path

from stemme.operations import views

app_name = "operations"

urlpatterns = [
    # As load balancers and orchestrators expect them: no trailing slash.
    path("health/live", views.live, name="live"),
    path("health/ready", views.ready, name="ready"),
    path(
        "konto/organisation/baggrundsopgaver/",
        views.dead_letters,
        name="dead_letters",
    ),
    path(
        "konto/organisation/baggrundsopgaver/<int:letter_id>/proev-igen/",
        views.dead_letter_retry,
        name="dead_letter_retry",
    ),
    path(
        "konto/organisation/baggrundsopgaver/<int:letter_id>/fjern/",
        views.dead_letter_remove,
        name="dead_letter_remove",
    ),
]
