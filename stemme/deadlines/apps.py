from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "stemme.deadlines"
    label = "deadlines"
