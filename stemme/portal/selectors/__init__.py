"""Reads for the portal, one module per topic. Everything is scoped to the account's own child."""

from stemme.portal.selectors.home import *  # noqa: F403
