"""The staff backend reads the user's municipality with the user (one query per request less on
every staff page), and refuses an inactive user like Django's own."""

import pytest
from django.contrib.auth import get_user
from django.test import RequestFactory

from stemme.accounts.backends import StaffBackend

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_the_municipality_in_one_query(world, django_assert_num_queries):
    caseworker = world.assigned_caseworker
    with django_assert_num_queries(1):
        user = StaffBackend().get_user(caseworker.pk)
        assert user == caseworker
        assert user.municipality == world.municipality


def test_an_inactive_or_unknown_user_is_nobody(world):
    caseworker = world.assigned_caseworker
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])
    assert StaffBackend().get_user(caseworker.pk) is None
    assert StaffBackend().get_user(10**9) is None


def test_a_session_logged_in_through_it_gets_the_user(client, world):
    client.force_login(world.assigned_caseworker, backend="stemme.accounts.backends.StaffBackend")
    request = RequestFactory().get("/")
    request.session = client.session
    assert get_user(request) == world.assigned_caseworker


def test_a_session_from_before_it_still_works(client, world):
    """Sessions made before StaffBackend name Django's backend: still logged in after a deploy."""
    client.force_login(
        world.assigned_caseworker, backend="django.contrib.auth.backends.ModelBackend"
    )
    request = RequestFactory().get("/")
    request.session = client.session
    assert get_user(request) == world.assigned_caseworker
