"""Staff sessions end after inactivity and, however active, a fixed time after the login."""

import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from stemme.accounts.middleware import LOGIN_AT, SEEN_AT
from stemme.accounts.testing import plain_force_login

pytestmark = pytest.mark.django_db

WORKLIST = reverse("deadlines:worklist")


def _logged_in(client, user):
    client.force_login(user)  # both steps (stemme.accounts.testing)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(WORKLIST).status_code == 200


def _set(client, **values) -> None:
    session = client.session
    session.update(values)
    session.save()


def test_defaults_are_thirty_idle_minutes_and_eight_hours():
    assert settings.STEMME_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.STEMME_SESSION_ABSOLUTE_SECONDS == 8 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.STEMME_SESSION_ABSOLUTE_SECONDS


def test_idle_session_ends_with_a_message(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    response = client.get(WORKLIST, follow=True)
    assert response.redirect_chain[0][0] == f"/konto/log-ind/?next={WORKLIST}"
    assert "was not used for 30 minutes" in response.content.decode()
    # Logged out for good: the session is gone, not just this request refused.
    assert client.get(WORKLIST)["Location"].startswith("/konto/log-ind/")


def test_activity_keeps_the_session_and_is_recorded(client, world):
    _logged_in(client, world.assigned_caseworker)
    twenty_minutes_ago = int(time.time()) - 20 * 60
    _set(client, **{SEEN_AT: twenty_minutes_ago})
    assert client.get(WORKLIST).status_code == 200
    assert client.session[SEEN_AT] > twenty_minutes_ago


def test_an_active_session_still_ends_eight_hours_after_the_login(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{LOGIN_AT: int(time.time()) - 8 * 60 * 60 - 1, SEEN_AT: int(time.time())})
    response = client.get(WORKLIST, follow=True)
    assert "You have been logged in for 8 hours" in response.content.decode()
    assert client.get(WORKLIST)["Location"].startswith("/konto/log-ind/")


@override_settings(STEMME_SESSION_IDLE_SECONDS=5 * 60)
def test_the_idle_time_is_configurable(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 6 * 60})
    assert client.get(WORKLIST)["Location"].startswith("/konto/log-ind/")


def test_a_session_that_did_not_come_through_the_login_page_is_ended(client, world):
    plain_force_login(client, world.assigned_caseworker)  # no login time in the session
    assert client.get(WORKLIST)["Location"].startswith("/konto/log-ind/")


def test_expiry_of_a_post_goes_to_the_login_without_next(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    response = client.post(reverse("children:search"), {"q": "Zenia"})
    assert response["Location"] == reverse("accounts:login")


def test_expiry_during_an_htmx_request_reloads_the_whole_page(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    response = client.post(reverse("children:search"), {"q": "Ze"}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login")


def test_the_login_starts_the_clock(client, world):
    from stemme.accounts.testing import log_in_with_password

    before = int(time.time())
    log_in_with_password(client, world.assigned_caseworker.username)
    assert client.session[LOGIN_AT] >= before
    assert client.session[SEEN_AT] >= before


# --- A save that arrives after the session ended is not thrown away (issue 12, section 2) -----


def _both_steps(client, user, next_url: str, *, steps_ahead: int = 0):
    """Log in again through the real forms: the password, then the authenticator's code."""
    from stemme.accounts.testing import authenticator_of, totp_code

    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": "test-password-123", "next": next_url},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("accounts:mfa_verify"),
        {"code": totp_code(authenticator_of(user), steps_ahead=steps_ahead), "next": next_url},
    )
    assert response["Location"] == next_url
    return client.get(next_url)


def test_a_save_after_the_session_ended_comes_back_only_to_its_author_after_both_steps(
    client, world
):
    from django.test import Client

    from stemme.drafts.models import Draft
    from stemme.drafts.tests.helpers import BFU_CONCLUSION, bfu_running, restored, step_url

    bfu_running(world)
    page = step_url(world, "afslut-undersoegelse")
    author = world.assigned_caseworker
    _logged_in(client, author)
    assert client.get(page).status_code == 200
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})  # the BFU took a long time to write

    response = client.post(
        page,
        {"conclusion": BFU_CONCLUSION, "child_view": "Jeg vil bo hjemme.", "password": "x"},
        headers={"Referer": f"http://testserver{page}"},
    )
    # To the login, and from there back to the same form.
    assert response["Location"] == f"/konto/log-ind/?next={page}"
    draft = Draft.objects.get()
    assert (draft.author, draft.page_path, draft.after_logout) == (author, page, True)
    assert draft.fields == {"conclusion": [BFU_CONCLUSION], "child_view": ["Jeg vil bo hjemme."]}

    # Logged out for good; the password step alone does not reach the form.
    assert client.get(page)["Location"].startswith("/konto/log-ind/")
    client.post(
        reverse("accounts:login"), {"username": author.username, "password": "test-password-123"}
    )
    assert client.get(page)["Location"].startswith(reverse("accounts:mfa_verify"))

    # Someone else logging in on the same computer does not get it (a leader sees the child).
    other = Client()
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _both_steps(other, world.leader, page).content.decode()
    assert BFU_CONCLUSION not in body
    assert restored(body)["drafts"] == []

    # The author, after both steps: back on the same form, the text filled in again.
    author_client = Client()
    author_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _both_steps(author_client, author, page, steps_ahead=1)
    assert response.status_code == 200
    body = response.content.decode()
    assert restored(body)["drafts"] == [
        {
            "form": page,
            "fields": {"conclusion": [BFU_CONCLUSION], "child_view": ["Jeg vil bo hjemme."]},
        }
    ]
    assert "You were logged out. What you had written is filled in again" in body

    # Saving it (the user pressed Save again) deletes what was kept.
    response = author_client.post(
        page,
        {
            "completed_on": timezone.localdate().isoformat(),
            "child_development": "Trives.",
            "parents_capacity": "God.",
            "family_and_network": "Mormor.",
            "conclusion": BFU_CONCLUSION,
            "child_view": "Jeg vil bo hjemme.",
        },
    )
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_a_save_after_the_session_ended_from_another_site_is_not_kept(world):
    from django.test import Client

    from stemme.drafts.models import Draft

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    response = client.post(page, {"text": "Plantet tekst", "version": "0"})
    assert response["Location"] == reverse("accounts:login")  # no valid CSRF token: nothing kept
    assert not Draft.objects.exists()


def test_an_autosave_after_the_session_ended_keeps_the_text(client, world):
    from stemme.drafts.models import Draft

    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    response = client.post(
        reverse("drafts:autosave"),
        {"_draft_page": page, "_draft_form": page, "text": "Sidste ord"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/konto/log-ind/?next={page}"
    draft = Draft.objects.get()
    assert (draft.author, draft.fields, draft.after_logout) == (
        world.assigned_caseworker,
        {"text": ["Sidste ord"]},
        True,
    )


def test_stay_logged_in_only_touches_the_session(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 28 * 60})
    response = client.post(reverse("accounts:session_keepalive"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert client.session[SEEN_AT] >= int(time.time()) - 1
    # Without the page's script: back where the user was.
    response = client.post(reverse("accounts:session_keepalive"), {"next": WORKLIST})
    assert response["Location"] == WORKLIST


def test_every_staff_page_knows_the_idle_limit(client, world):
    _logged_in(client, world.assigned_caseworker)
    body = client.get(WORKLIST).content.decode()
    assert 'role="alertdialog"' in body
    assert 'data-idle-seconds="1800"' in body
    assert 'data-warn-seconds="120"' in body
    assert "You will be logged out in 2 minutes" in body
    assert "stemme/js/keep-work.js" in body


def test_a_save_after_a_password_only_session_ended_is_not_kept(client, world):
    from stemme.accounts.testing import mark_session
    from stemme.drafts.models import Draft

    plain_force_login(client, world.assigned_caseworker)
    mark_session(client, login_at=int(time.time()) - 40 * 60)  # no second step
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    assert client.post(page, {"text": "Tekst", "version": "0"})["Location"] == reverse(
        "accounts:login"
    )
    assert not Draft.objects.exists()
