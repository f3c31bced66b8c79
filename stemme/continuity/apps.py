from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "stemme.continuity"
    label = "continuity"
