import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted by their English msgids, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
