from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "stemme.access"
    label = "access"
