from django.urls import path

from stemme.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("arbejdsliste/", views.worklist, name="worklist"),
    path("fristregler/", views.rule_settings, name="rules"),
]
