from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "stemme.access"
    label = "access"

    def ready(self):
        # The app's parts of the staff pages' frame (menu, banner, home): core imports no app.
        from stemme.access import navigation as menu
        from stemme.core import navigation

        navigation.menu_item_register(order=70, item=menu.emergency_item)
        navigation.home_register(order=10, home=menu.home_for_casework)
