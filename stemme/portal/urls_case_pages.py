"""Portal URLs: my plan (rate my goals), decisions about me, what happens next (see urls.py)."""

from django.urls import path

from stemme.portal.views import case_pages as views

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/maal/<uuid:goal_id>/", views.goal_rate, name="goal_rate"),
    path("afgoerelser/", views.decisions, name="decisions"),
    path("hvad-nu/", views.next_steps, name="next"),
]
