"""The child's messages to the caseworker move from the portal to participation (issue 14):
only Django's idea of which app holds the model changes. The table keeps its name
(``portal_portalmessage``) and its indexes keep theirs; no row is copied. The content type row
is renamed so the model's permissions stay attached to it."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = {"portalmessage": "participation"}
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


def _user(verbose_name):
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to=settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_alter_childstatement_mode"),
        ("cases", "0005_child_alarms"),
        ("children", "0003_portalaccount"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table was made by the portal's migrations; it must exist before this app owns it.
        ("portal", "0004_login_failures_shared_throttle"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PortalMessage",
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
                                choices=[
                                    ("mood", "Mood check"),
                                    ("three_houses", "Three houses"),
                                    ("free_text", "Message"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "mood",
                            models.PositiveSmallIntegerField(
                                blank=True, choices=SMILEYS, null=True, verbose_name="mood"
                            ),
                        ),
                        ("good_things", models.TextField(blank=True, verbose_name="good things")),
                        ("worries", models.TextField(blank=True, verbose_name="worries")),
                        ("dreams", models.TextField(blank=True, verbose_name="dreams")),
                        ("text", models.TextField(blank=True, verbose_name="message")),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="sent"
                            ),
                        ),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="read"),
                        ),
                        (
                            "answer",
                            models.TextField(blank=True, verbose_name="answer to the child"),
                        ),
                        (
                            "answered_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="answered"),
                        ),
                        (
                            "urgent",
                            models.BooleanField(
                                default=False, verbose_name="the child said it is urgent"
                            ),
                        ),
                        (
                            "alarm_words",
                            models.JSONField(
                                blank=True, default=list, verbose_name="words that may be serious"
                            ),
                        ),
                        ("alarm", models.BooleanField(default=False, verbose_name="alarm")),
                        (
                            "acknowledged_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="acknowledged"
                            ),
                        ),
                        (
                            "account",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="messages",
                                to="children.portalaccount",
                                verbose_name="from",
                            ),
                        ),
                        ("read_by", _user("read by")),
                        ("answered_by", _user("answered by")),
                        ("acknowledged_by", _user("acknowledged by")),
                        (
                            "case",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="portal_messages",
                                to="cases.case",
                                verbose_name="case",
                            ),
                        ),
                        (
                            "child",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="portal_messages",
                                to="children.child",
                                verbose_name="child",
                            ),
                        ),
                        (
                            "statement",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="participation.childstatement",
                                verbose_name="filed as the child's words",
                            ),
                        ),
                        (
                            "report",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="cases.intake",
                                verbose_name="registered as a report of concern",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "message from a child",
                        "verbose_name_plural": "messages from children",
                        "ordering": ["-created_at"],
                        "db_table": "portal_portalmessage",
                        "indexes": [
                            models.Index(
                                fields=["child", "read_at"], name="portal_port_child_i_d858ce_idx"
                            ),
                            models.Index(
                                fields=["alarm", "acknowledged_at"], name="portal_msg_alarm_open"
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_new_app, content_types_back_to_portal),
    ]
