"""Portal sessions for tests (the access matrix and the portal's own tests).

Accounts are made through the services, like real data. The session cookie is set directly
(the login form is tested on its own), so logging in writes nothing the test would count.
"""

from django.conf import settings
from django.http import HttpResponse

from stemme.children import services as child_services
from stemme.meetings.services import meeting_participant_add
from stemme.participation.services.registers import safety_restriction_set
from stemme.portal import services
from stemme.portal.session import COOKIE_NAME, session_start

PIN = "482913"


def active_account(world, *, child=None, person=None, secret=PIN):
    issued = services.activation_code_issue(
        actor=world.assigned_caseworker, child=child or world.child, person=person
    )
    return services.portal_activate(code=issued.code, secret=secret)


def parent_person(world, *, child=None, first_name="Mona", relation="mother"):
    return child_services.person_link_to_child(
        actor=world.assigned_caseworker,
        child=child or world.child,
        first_name=first_name,
        last_name="Forælder",
        relation=relation,
        has_custody=True,
    ).person


def invite(world, meeting, person) -> None:
    """Invite a registered person (e.g. a parent) to a meeting, through the service."""

    meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="person",
        person=person,
        role_for_child="Din mor kommer også.",
    )


def client_log_in(client, account) -> None:
    """Give ``client`` a portal session for ``account``, reading English (the msgids)."""
    response = HttpResponse()
    session_start(response, account)
    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    if settings.LANGUAGE_COOKIE_NAME not in client.cookies:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def portal_role_login(client, world, role: str):
    """Log ``client`` in as one of the access matrix's PORTAL_ROLES; returns the account."""
    if role == "child":
        account = active_account(world)
    elif role == "other_child":
        account = active_account(world, child=world.other_child)
    elif role == "parent":
        account = active_account(world, person=parent_person(world))
    elif role == "restricted_parent":
        father = parent_person(world, first_name="Frank", relation="father")
        account = active_account(world, person=father)
        safety_restriction_set(
            actor=world.assigned_caseworker,
            child=world.child,
            kind="parent_abuse",
            reason="Vold i hjemmet",
            persons=[father],
        )
    else:
        raise ValueError(role)
    client_log_in(client, account)
    return account
