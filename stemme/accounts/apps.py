from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stemme.accounts"
    label = "accounts"
