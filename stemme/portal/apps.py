from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "stemme.portal"
    label = "portal"

    def ready(self):
        # The app's parts of the staff pages' frame (menu, banner, home): core imports no app.
        from stemme.core import navigation
        from stemme.portal import navigation as menu

        navigation.menu_item_register(order=60, item=menu.messages_item)
        navigation.alarm_banner_register(menu.staff_alarm_banner)
