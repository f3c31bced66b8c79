"""Writes for the portal, one module per topic; ``accounts`` holds activation and login."""

from stemme.portal.services.accounts import *  # noqa: F403
