from django.urls import path

from stemme.cases import views

app_name = "cases"

urlpatterns = [
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/trin/<slug:step>/", views.case_step, name="step"),
    path("ny-henvendelse/<uuid:child_id>/", views.intake_new, name="intake_new"),
    path("ny-henvendelse/", views.intake_new_child, name="intake_new_child"),
]
