"""What every portal page needs: the account, the child's age band, and one render call."""

from django.shortcuts import render

from stemme.participation.selectors.voice import age_band


def portal_render(request, template: str, context: dict | None = None, status: int = 200):
    """Render a portal page with ``account``, ``child`` and ``band`` ("under_10", "10_14",
    "15_plus") in the context. Templates choose wording per band with translation contexts
    "under 10", "10 to 14" and "15 and over" (the readability test groups texts by them)."""
    account = request.portal_account
    base = {"account": account, "child": account.child, "band": age_band(child=account.child)}
    return render(request, template, {**base, **(context or {})}, status=status)
