"""Helpers for the portal tests: accounts are made through the services, like real data."""

from django.conf import settings
from django.test import Client

from stemme.portal.session import COOKIE_NAME
from stemme.portal.testing import PIN, active_account, parent_person

__all__ = ["PIN", "active_account", "parent", "portal_client"]


def parent(world, child=None):
    return parent_person(world, child=child)


def portal_client(account, secret=PIN) -> Client:
    """A client logged in through the real login form."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the tests read the English msgids
    response = client.post("/min-sag/log-ind/", {"login_id": account.login_id, "secret": secret})
    assert response.status_code == 302, response.content
    assert COOKIE_NAME in client.cookies
    return client
