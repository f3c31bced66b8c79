from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "stemme.children"
    label = "children"

    def ready(self):
        # Models and the registries they fill load only once Django's app registry is ready.
        from stemme.audit.event_kinds import value_labels_register
        from stemme.children import navigation as menu
        from stemme.children.models import Relation
        from stemme.core import navigation

        # The app's parts of the staff pages' frame (menu, banner, home): core imports no app.
        navigation.menu_item_register(order=20, item=menu.children_item)
        navigation.menu_item_register(order=30, item=menu.search_item)
        # How the timeline names a person's relation to the child (audit imports no app).
        value_labels_register("relation", Relation)
