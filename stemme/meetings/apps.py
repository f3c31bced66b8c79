from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "stemme.meetings"
    label = "meetings"

    def ready(self):
        # The app's part of the staff pages' frame (the menu): core imports no app.
        from stemme.core import navigation
        from stemme.meetings import navigation as menu

        navigation.menu_item_register(order=15, item=menu.week_item)
