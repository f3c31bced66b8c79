import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The per-IP throttle lives in the cache; every test starts with none counted."""
    cache.clear()
    yield
    cache.clear()
