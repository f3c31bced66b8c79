from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stemme.core"
    label = "core"
