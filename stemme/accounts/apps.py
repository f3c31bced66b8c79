from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stemme.accounts"
    label = "accounts"

    def ready(self):
        # The app's parts of the staff pages' frame (menu, banner, home): core imports no app.
        from stemme.accounts import navigation as menu
        from stemme.core import navigation

        navigation.menu_item_register(order=10, item=menu.organisation_item)
        navigation.home_register(order=100, home=menu.home_for_administration)
