from django.urls import path

from stemme.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("inddragelse/", views.involvement, name="involvement"),
]
