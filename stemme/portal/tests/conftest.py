import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Nothing a test caches leaks into the next (the login throttles are in the database)."""
    cache.clear()
    yield
    cache.clear()
