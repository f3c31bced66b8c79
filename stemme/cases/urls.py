from django.urls import path

from stemme.cases.views import case as views
from stemme.cases.views import goals as views_goals
from stemme.cases.views import hearing as views_hearing

app_name = "cases"

urlpatterns = [
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/trin/<slug:step>/", views.case_step, name="step"),
    path("<uuid:case_id>/plan/maal/ny/", views_goals.goal_add, name="goal_add"),
    path("<uuid:case_id>/plan/maal/<uuid:goal_id>/", views_goals.goal_edit, name="goal_edit"),
    path(
        "<uuid:case_id>/plan/maal/<uuid:goal_id>/afslut/",
        views_goals.goal_end,
        name="goal_end",
    ),
    path("<uuid:case_id>/partshoering/", views_hearing.hearings, name="hearings"),
    path(
        "<uuid:case_id>/partshoering/<uuid:hearing_id>/",
        views_hearing.hearing_detail,
        name="hearing_detail",
    ),
    path(
        "<uuid:case_id>/partshoering/<uuid:hearing_id>/svar/",
        views_hearing.hearing_answer,
        name="hearing_answer",
    ),
    path(
        "<uuid:case_id>/partshoering/<uuid:hearing_id>/afslut/",
        views_hearing.hearing_close,
        name="hearing_close",
    ),
    path("ny-henvendelse/<uuid:child_id>/", views.intake_new, name="intake_new"),
    path("ny-henvendelse/", views.intake_new_child, name="intake_new_child"),
]
