from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_child_alarms"),
    ]

    operations = [
        migrations.CreateModel(
            name="PortalLoginFailure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("client", models.CharField(max_length=64)),
                ("account_id", models.UUIDField(blank=True, null=True)),
                ("at", models.DateTimeField(db_index=True)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["client", "at"], name="portal_failure_client"),
                    models.Index(
                        fields=["account_id", "client", "at"], name="portal_failure_account"
                    ),
                ],
            },
        ),
    ]
