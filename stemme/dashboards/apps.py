from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "stemme.dashboards"
    label = "dashboards"

    def ready(self):
        # The app's parts of the staff pages' frame (menu, banner, home): core imports no app.
        from stemme.core import navigation
        from stemme.dashboards import navigation as menu

        navigation.menu_item_register(order=40, item=menu.involvement_item)
