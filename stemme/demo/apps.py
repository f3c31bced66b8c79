from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "stemme.demo"
    label = "demo"
