"""Reads of drafts: only the author's own, never an expired one."""

import datetime as dt

from django.utils import timezone

from stemme.drafts.models import Draft


def drafts_for_page(*, author, page_path: str, now: dt.datetime | None = None) -> list[Draft]:
    """The author's unexpired drafts of the forms on this page (one query)."""
    if author is None or not author.is_authenticated:
        return []
    now = now or timezone.now()
    return list(
        Draft.objects.filter(author=author, page_path=page_path, expires_at__gt=now).order_by(
            "form_key"
        )
    )
