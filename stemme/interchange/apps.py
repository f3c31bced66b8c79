from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "stemme.interchange"
    label = "interchange"
