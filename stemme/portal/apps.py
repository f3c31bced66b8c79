from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "stemme.portal"
    label = "portal"
