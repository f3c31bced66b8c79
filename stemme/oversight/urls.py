from django.urls import path

from stemme.oversight.views import committee, figures, reviews

app_name = "oversight"

urlpatterns = [
    path("overblik/", figures.overview, name="overview"),
    path("overblik/del/<slug:tile>/", figures.overview_tile, name="overview_tile"),
    path(
        "overblik/frister/<slug:rule>/<slug:criterion>/",
        figures.drill_deadlines,
        name="drill_deadlines",
    ),
    path("overblik/gentagne-bekymringer/", figures.drill_concern, name="drill_concern"),
    path("tal/<slug:key>/", figures.definition, name="definition"),
    path("udvalg/", committee.committee, name="committee"),
    path("udvalg/maal/", committee.targets, name="targets"),
    path("udvalg/<uuid:snapshot_id>/", committee.committee_pack, name="committee_pack"),
    path("udvalg/<uuid:snapshot_id>/pdf/", committee.committee_pdf, name="committee_pdf"),
    path("udvalg/eksport/<uuid:export_id>/", committee.committee_export, name="committee_export"),
    path(
        "udvalg/eksport/<uuid:export_id>/hent/",
        committee.committee_download,
        name="committee_download",
    ),
    path(
        "udvalg/<uuid:snapshot_id>/csv/<slug:table>/",
        committee.committee_csv,
        name="committee_csv",
    ),
    path("tilsyn/", reviews.reviews, name="reviews"),
    path("tilsyn/<uuid:review_id>/", reviews.review, name="review"),
    path("tilsyn/<uuid:review_id>/anden/", reviews.review_second, name="review_second"),
    path(
        "tilsyn/opgave/<uuid:action_id>/udfoert/",
        reviews.review_action_done,
        name="review_action_done",
    ),
]
