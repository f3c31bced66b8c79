from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "stemme.oversight"
    label = "oversight"

    def ready(self):
        # The app's parts of the page frame (core imports no app).
        from stemme.core import navigation
        from stemme.oversight import navigation as menu

        navigation.menu_item_register(order=42, item=menu.oversight_item)
        navigation.menu_item_register(order=43, item=menu.review_item)
        navigation.worklist_panel_register(menu.review_actions_panel)
