"""Min sag's reads are logged with the portal account as the actor (issue 13, finding 7)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from stemme.audit import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_accesslog_basis_and_denied"),
        ("portal", "0003_child_alarms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="portal_account",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.portalaccount",
                verbose_name="My case account",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslog",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("user__isnull", False), ("portal_account__isnull", True)),
                    models.Q(("user__isnull", True), ("portal_account__isnull", False)),
                    _connector="OR",
                ),
                name="audit_accesslog_one_actor",
            ),
        ),
        # SQLite rebuilds audit_accesslog to change the columns; the triggers went with the old
        # table.
        append_only.reinstall_operation(),
    ]
