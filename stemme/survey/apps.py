from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "stemme.survey"
    label = "survey"

    def ready(self):
        # The app's part of the staff menu (core imports no app).
        from stemme.core import navigation
        from stemme.survey import navigation as menu

        navigation.menu_item_register(order=45, item=menu.survey_item)
