"""The portal account moved beside Child (children/migrations/0003_portalaccount.py, issue 14):
the access log's foreign key now names it there. Same table, same column, same constraint: the
change is Django's state only (no rebuild of the append-only table, so its triggers stay)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_accesslog_portal_account"),
        ("children", "0003_portalaccount"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog",
                    name="portal_account",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="children.portalaccount",
                        verbose_name="My case account",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
