"""Access-matrix entries for "tell my caseworker" (portal) and the staff inboxes and message page.

The staff pages get a message from the protected child, sent through the service. The inbox
shows it only to the assigned caseworker (the team leader is nobody's caseworker here); the duty
inbox shows it to the child's team once it has been unread for longer than the municipality
allows; the message page behaves like any page of the child.
"""

import dataclasses
import datetime as dt

from django.utils import timezone

from stemme.access.testing import STAFF_CHILD_LIST, Entry, child_page, portal_page
from stemme.children.models import AccountKind, PortalAccount
from stemme.participation.models import PortalMessage
from stemme.portal.services.messages import message_send
from stemme.portal.testing import active_account


def _child_account(world):
    # The "child" role is already logged in with this account: a new activation would end
    # that session, so the existing account is used when there is one.
    account = PortalAccount.objects.filter(child=world.child, kind=AccountKind.CHILD).first()
    return account or active_account(world)


def _message(world):
    message = message_send(
        account=_child_account(world), kind="free_text", text="Jeg er bange derhjemme."
    )
    return {"message": message}


def _old_message(world):
    made = _message(world)
    hours = world.municipality.portal_escalate_after_hours + 1
    PortalMessage.objects.filter(pk=made["message"].pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )
    return made


_tell_post = portal_page(
    method="post", data={"kind": "free_text", "text": "Matrix"}, writes=True, parent=404
)

ENTRIES = {
    "portal:tell": [
        portal_page(other_child=200, shows_child=False),
        # Another child sending their own message is a write of their own, so it counts.
        dataclasses.replace(_tell_post, sees=frozenset({"child", "other_child"})),
    ],
    "portal:messages": [portal_page(other_child=200, shows_child=False, setup=_message)],
    "portal_staff:inbox": [
        Entry(
            status=STAFF_CHILD_LIST,
            setup=_message,
            shows_child=True,
            logs_access=True,
            sees=frozenset({"assigned_caseworker"}),
        )
    ],
    "portal_staff:duty_inbox": [
        Entry(status=STAFF_CHILD_LIST, setup=_old_message, shows_child=True, logs_access=True)
    ],
    "portal_staff:message": [
        child_page(kwargs={"message_id": "message.pk"}, setup=_message),
        child_page(
            method="post",
            kwargs={"message_id": "message.pk"},
            data={"action": "read"},
            writes=True,
            setup=_message,
        ),
        child_page(
            method="post",
            kwargs={"message_id": "message.pk"},
            data={"action": "answer", "answer": "Tak fordi du skrev. Jeg ringer i morgen."},
            writes=True,
            setup=_message,
        ),
        # "Jeg er bange derhjemme." holds a word from the default list: an alarm to take.
        child_page(
            method="post",
            kwargs={"message_id": "message.pk"},
            data={"action": "acknowledge"},
            writes=True,
            setup=_message,
        ),
        child_page(
            method="post",
            kwargs={"message_id": "message.pk"},
            data={"action": "report", "abuse": "on"},
            writes=True,
            setup=_message,
        ),
    ],
}
