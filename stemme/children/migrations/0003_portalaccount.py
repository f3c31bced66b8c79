"""The portal account moves beside Child (issue 14): only Django's idea of which app holds the
model changes. The table keeps its name (``portal_portalaccount``); no row is copied. The
content type row is renamed so the model's permissions stay attached to it."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

MOVED = {"portalaccount": "children"}


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
        ("children", "0002_person_birth_date_and_household"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table was made by the portal's migrations; it must exist before this app owns it.
        ("portal", "0004_login_failures_shared_throttle"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PortalAccount",
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
                            "kind",
                            models.CharField(
                                choices=[("child", "Child"), ("parent", "Parent")],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "login_id",
                            models.CharField(
                                max_length=12, unique=True, verbose_name="user number"
                            ),
                        ),
                        (
                            "auth_method",
                            models.CharField(
                                choices=[("pin", "PIN or passphrase")],
                                default="pin",
                                max_length=10,
                                verbose_name="login method",
                            ),
                        ),
                        (
                            "secret_hash",
                            models.CharField(
                                blank=True,
                                max_length=256,
                                verbose_name="PIN or passphrase (hashed)",
                            ),
                        ),
                        (
                            "failed_attempts",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="failed attempts"
                            ),
                        ),
                        (
                            "locked_until",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="locked until"
                            ),
                        ),
                        (
                            "activated_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="activated"),
                        ),
                        (
                            "disabled_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="disabled"),
                        ),
                        ("session_generation", models.PositiveIntegerField(default=1)),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "child",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="portal_accounts",
                                to="children.child",
                                verbose_name="child",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="portal_accounts",
                                to="children.person",
                                verbose_name="person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "portal account",
                        "verbose_name_plural": "portal accounts",
                        "db_table": "portal_portalaccount",
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("kind", "child")),
                                fields=("child",),
                                name="portal_one_child_account",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("kind", "parent")),
                                fields=("child", "person"),
                                name="portal_one_parent_account_per_child",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("kind", "child"), ("person__isnull", True)),
                                    models.Q(("kind", "parent"), ("person__isnull", False)),
                                    _connector="OR",
                                ),
                                name="portal_parent_has_person",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_new_app, content_types_back_to_portal),
    ]
