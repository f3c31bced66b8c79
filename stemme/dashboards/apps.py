from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "stemme.dashboards"
    label = "dashboards"
