"""Helpers for the portal tests: accounts are made through the services, like real data."""

from django.conf import settings
from django.test import Client

from stemme.children import services as child_services
from stemme.portal import services
from stemme.portal.session import COOKIE_NAME

PIN = "482913"


def active_account(world, *, child=None, person=None, secret=PIN):
    issued = services.activation_code_issue(
        actor=world.assigned_caseworker, child=child or world.child, person=person
    )
    return services.portal_activate(code=issued.code, secret=secret)


def parent(world, child=None):
    return child_services.person_link_to_child(
        actor=world.assigned_caseworker,
        child=child or world.child,
        first_name="Mona",
        last_name="Moder",
        relation="mother",
        has_custody=True,
    ).person


def portal_client(account, secret=PIN) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the tests read the English msgids
    response = client.post("/min-sag/log-ind/", {"login_id": account.login_id, "secret": secret})
    assert response.status_code == 302, response.content
    assert COOKIE_NAME in client.cookies
    return client
