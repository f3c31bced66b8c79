"""What every portal page needs: the account, the child's age band, and one render call."""

from django.shortcuts import render

from stemme.audit.services import access_log_portal
from stemme.participation.selectors.voice import age_band


def portal_render(request, template: str, context: dict | None = None, status: int = 200):
    """Render a portal page with ``account``, ``child`` and ``band`` ("under_10", "10_14",
    "15_plus") in the context. Templates choose wording per band with translation contexts
    "under 10", "10 to 14" and "15 and over" (the readability test groups texts by them).

    Every portal page shows the child's data, so every render writes one access-log row with
    the account (the child's own or a parent's) as the actor and ``portal_<url name>`` as the
    purpose, in its own short transaction, before the template is rendered: no page without
    its row."""
    account = request.portal_account
    access_log_portal(account=account, purpose=f"portal_{request.resolver_match.url_name}")
    base = {"account": account, "child": account.child, "band": age_band(child=account.child)}
    return render(request, template, {**base, **(context or {})}, status=status)
