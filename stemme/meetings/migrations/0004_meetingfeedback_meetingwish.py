"""The child's meeting feedback and meeting wishes move from the portal to meetings (issue 14):
only Django's idea of which app holds the models changes. The tables keep their names
(``portal_meetingfeedback``, ``portal_meetingwish``); no row is copied. The content type rows
are renamed so the models' permissions stay attached to them."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = {"meetingfeedback": "meetings", "meetingwish": "meetings"}
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
        ("meetings", "0003_agendaitem_topic_alter_meeting_summary_delivered_how"),
        ("children", "0003_portalaccount"),
        ("participation", "0003_alter_childstatement_mode"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables were made by the portal's migrations; they must exist before this app
        # owns them.
        ("portal", "0004_login_failures_shared_throttle"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MeetingFeedback",
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
                            "smiley",
                            models.PositiveSmallIntegerField(
                                choices=SMILEYS, verbose_name="how was the meeting"
                            ),
                        ),
                        (
                            "heard",
                            models.CharField(
                                blank=True,
                                choices=[("yes", "Yes"), ("partly", "A little"), ("no", "No")],
                                max_length=10,
                                verbose_name="did the adults listen to you",
                            ),
                        ),
                        ("words", models.TextField(blank=True, verbose_name="anything else")),
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
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="child_feedback",
                                to="meetings.meeting",
                                verbose_name="meeting",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "meeting feedback",
                        "verbose_name_plural": "meeting feedback",
                        "db_table": "portal_meetingfeedback",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("meeting", "account"), name="portal_one_feedback"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="MeetingWish",
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
                                    ("place_time", "Where and when I would like to meet"),
                                    ("bisidder", "I want to bring my bisidder"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "words",
                            models.TextField(blank=True, verbose_name="in the child's words"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="sent"),
                        ),
                        (
                            "handled_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="handled"),
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
                            "bisidder",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="participation.bisidder",
                                verbose_name="bisidder",
                            ),
                        ),
                        (
                            "handled_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="handled by",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="child_wishes",
                                to="meetings.meeting",
                                verbose_name="meeting",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "the child's wish for a meeting",
                        "verbose_name_plural": "the child's wishes for meetings",
                        "ordering": ["created_at"],
                        "db_table": "portal_meetingwish",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_new_app, content_types_back_to_portal),
    ]
