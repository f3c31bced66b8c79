from django.urls import path

from stemme.survey import views

app_name = "survey"

urlpatterns = [
    path("", views.waves, name="waves"),
    path("<uuid:wave_id>/", views.wave, name="wave"),
    path("<uuid:wave_id>/luk/", views.wave_close, name="wave_close"),
    path("<uuid:wave_id>/tal.csv", views.wave_csv, name="wave_csv"),
    path("<uuid:wave_id>/papir/", views.wave_paper, name="wave_paper"),
    path("<uuid:wave_id>/vi-goer/", views.action_add, name="action_add"),
]
