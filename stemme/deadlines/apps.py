from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "stemme.deadlines"
    label = "deadlines"

    def ready(self):
        # The app's parts of the staff pages' frame (menu, banner, home): core imports no app.
        from stemme.core import navigation
        from stemme.deadlines import navigation as menu

        navigation.menu_item_register(order=10, item=menu.worklist_item)
        navigation.menu_item_register(order=20, item=menu.rules_item)
