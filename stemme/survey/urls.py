from django.urls import path

from stemme.survey import views

app_name = "survey"

urlpatterns = [
    path("", views.waves, name="waves"),
    path("spoergsmaal/", views.questions, name="questions"),
    path("spoergsmaal/<int:item_id>/fjern/", views.question_remove, name="question_remove"),
    path("<uuid:wave_id>/", views.wave, name="wave"),
    path("<uuid:wave_id>/luk/", views.wave_close, name="wave_close"),
    path("<uuid:wave_id>/tal.csv", views.wave_csv, name="wave_csv"),
    path("<uuid:wave_id>/rapport.pdf", views.wave_pdf, name="wave_pdf"),
    path("<uuid:wave_id>/papir/", views.wave_paper, name="wave_paper"),
    path("<uuid:wave_id>/vi-goer/", views.action_add, name="action_add"),
]
