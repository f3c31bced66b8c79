from django.urls import path

from stemme.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("", views.worklist, name="worklist"),
]
