"""The child's goal ratings move from the portal to cases, beside the plan's goals (issue 14):
only Django's idea of which app holds the model changes. The table keeps its name
(``portal_goalrating``); no row is copied. The content type row is renamed so the model's
permissions stay attached to it."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

MOVED = {"goalrating": "cases"}
SMILEYS = [(1, "Very bad"), (2, "Bad"), (3, "OK"), (4, "Good"), (5, "Very good")]


def content_types_to_new_app(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if not content_type.objects.filter(app_label=app_label, model=model).exists():
            content_type.objects.filter(app_label="portal", model=model).update(app_label=app_label)


def content_types_back_to_portal(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if not content_type.objects.filter(app_label="portal", model=model).exists():
            content_type.objects.filter(app_label=app_label, model=model).update(app_label="portal")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_milestone_sibling_in_household"),
        ("children", "0003_portalaccount"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table was made by the portal's migrations; it must exist before this app owns it.
        ("portal", "0004_login_failures_shared_throttle"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GoalRating",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "rating",
                            models.PositiveSmallIntegerField(
                                choices=SMILEYS, verbose_name="how it is going"
                            ),
                        ),
                        (
                            "words",
                            models.TextField(blank=True, verbose_name="in the child's words"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="given"),
                        ),
                        (
                            "account",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="children.portalaccount",
                                verbose_name="from",
                            ),
                        ),
                        (
                            "goal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ratings",
                                to="cases.plangoal",
                                verbose_name="goal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "the child's rating of a goal",
                        "verbose_name_plural": "the child's ratings of goals",
                        "ordering": ["-created_at"],
                        "db_table": "portal_goalrating",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_new_app, content_types_back_to_portal),
    ]
