from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "stemme.children"
    label = "children"
