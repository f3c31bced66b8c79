"""The portal keeps only its own records (issue 14, "the portal is the child's front door
only"): ``PortalAccount`` now lives in children, ``MeetingFeedback`` and ``MeetingWish`` in
meetings, ``GoalRating`` in cases and ``PortalMessage`` in participation. Their migrations there
take over the tables as they are; here the models leave the portal's state. Nothing in the
database changes: no table is dropped, renamed or copied."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_login_failures_shared_throttle"),
        ("children", "0003_portalaccount"),
        ("meetings", "0004_meetingfeedback_meetingwish"),
        ("cases", "0008_goalrating"),
        ("participation", "0004_portalmessage"),
        # Every foreign key to the old portal account is repointed before the model leaves.
        ("audit", "0006_accesslog_portal_account_in_children"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="activationcode",
                    name="account",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activation_codes",
                        to="children.portalaccount",
                        verbose_name="portal account",
                    ),
                ),
                migrations.DeleteModel(name="GoalRating"),
                migrations.DeleteModel(name="MeetingFeedback"),
                migrations.DeleteModel(name="MeetingWish"),
                migrations.DeleteModel(name="PortalMessage"),
                migrations.DeleteModel(name="PortalAccount"),
            ],
            database_operations=[],
        ),
    ]
