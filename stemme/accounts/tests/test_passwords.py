"""The password policy: length, Django's offline list of breached passwords, guessable Danish
passwords; and the staff member's own password change."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from stemme.accounts.passwords import DanishPasswordValidator
from stemme.audit.models import Event

pytestmark = pytest.mark.django_db


def _codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.mark.parametrize(
    "password",
    [
        "password123456",  # Django's breached list and the common word with digits
        "sommer2024!!",
        "S0mmer-2024!",
        "Vinter2025!!",
        "december2023#",
        "København2024!",
        "kodeordkodeord",
        "Brøndby-1964!",
        "Stemmeby2025!",  # the demo municipality's name
        "Kommune123456",
    ],
)
def test_guessable_danish_passwords_are_refused(password):
    assert "password_guessable" in _codes(password)


def test_names_of_the_user_and_the_municipality_are_refused(world):
    user = world.assigned_caseworker  # Tove Tildelt, username "tildelt", Testby Kommune
    for password in ("tildelt123456", "Tove!2024-2025", "Testby2024!!", "TILDELT-2024!"):
        assert "password_guessable" in _codes(password, user), password


def test_djangos_offline_breached_list_is_in_force():
    # Django ships the 20,000 passwords seen most often in breaches; no network involved.
    assert "password_too_common" in _codes("1q2w3e4r5t6y")
    assert "password_too_short" in _codes("kort-kode")


@pytest.mark.parametrize(
    "password",
    ["blå cykel under æbletræet", "korrekt hest batteri hæfteklamme", "Min kat spiser 3 pærer!"],
)
def test_passphrases_pass(password):
    assert _codes(password) == set()


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("aaaaaaaaaaaa", "password_repeated"),
        ("AAAAAAAAAAAAAAAA", "password_repeated"),
        ("abababababab", "password_repeated"),
        ("aaaaaaaaaaab", "password_repeated"),
        ("xyz!xyz!xyz!", "password_repeated"),
        ("abcdefghijkl", "password_sequential"),
        ("ABCDEFGHIJKLMNOP", "password_sequential"),
        ("123456789012", "password_sequential"),
        ("lkjihgfedcba", "password_sequential"),
        ("210987654321", "password_sequential"),
        ("vwxyzæøå", "password_sequential"),
    ],
)
def test_repeated_and_sequential_characters_are_refused(password, code):
    assert code in _codes(password)


def test_repeated_characters_are_refused_in_danish():
    with translation.override("da"), pytest.raises(ValidationError) as failure:
        validate_password("aaaaaaaaaaaa")
    messages = " ".join(failure.value.messages)
    assert "samme tegn eller nogle få tegn gentaget" in messages
    with translation.override("da"), pytest.raises(ValidationError) as failure:
        validate_password("abcdefghijkl")
    assert "følger efter hinanden" in " ".join(failure.value.messages)


def test_the_repetition_validator_is_configured():
    names = [validator["NAME"] for validator in settings.AUTH_PASSWORD_VALIDATORS]
    assert "stemme.accounts.passwords.RepetitionPasswordValidator" in names


def test_the_validator_explains_itself():
    with translation.override("en"):
        assert "common word" in DanishPasswordValidator().get_help_text()


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_password_change_needs_the_current_password_and_a_good_new_one(client, world):
    user = world.assigned_caseworker
    client.force_login(user)
    _english(client)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {"old_password": "wrong", "new_password1": "x", "new_password2": "x"},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()

    weak = "sommer2024!!"
    response = client.post(
        url,
        {"old_password": "test-password-123", "new_password1": weak, "new_password2": weak},
    )
    assert "too easy to guess" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("test-password-123")

    good = "blå cykel under æbletræet"
    other_session = type(client)()
    other_session.force_login(user)
    response = client.post(
        url,
        {"old_password": "test-password-123", "new_password1": good, "new_password2": good},
    )
    assert response["Location"] == reverse("accounts:security")
    user.refresh_from_db()
    assert user.check_password(good)
    assert Event.objects.filter(kind="auth.password_changed", actor=user).count() == 1
    # This session goes on, still through both steps; the other one has ended.
    assert client.get(reverse("deadlines:worklist")).status_code == 200
    assert other_session.get(reverse("deadlines:worklist")).status_code == 302


def test_security_page_links_the_password_change(client, world):
    client.force_login(world.assigned_caseworker)
    body = client.get(reverse("accounts:security")).content.decode()
    assert reverse("accounts:password_change") in body
    assert reverse("accounts:security") in client.get(reverse("accounts:profile")).content.decode()
