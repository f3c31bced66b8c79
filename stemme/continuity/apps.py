from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "stemme.continuity"
    label = "continuity"

    def ready(self):
        # The app's parts of the staff pages' frame (menu, banner, home): core imports no app.
        from stemme.continuity import navigation as menu
        from stemme.core import navigation

        navigation.menu_item_register(order=50, item=menu.leavers_item)
