"""Writes of drafts (keyword-only; one transaction each). A draft is the author's scratch paper:
no event is recorded for it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from stemme.drafts.models import Draft

LIFETIME = dt.timedelta(days=7)  # a draft left alone
# A save that arrived after the session ended: kept over a weekend, then gone.
AFTER_LOGOUT_LIFETIME = dt.timedelta(days=3)


def drafts_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete every expired draft; returns how many."""
    now = now or timezone.now()
    deleted, _ = Draft.objects.filter(expires_at__lte=now).delete()
    return deleted


@transaction.atomic
def draft_save(
    *,
    author,
    page_path: str,
    form_key: str,
    fields: dict[str, list[str]],
    object_ref: str = "",
    after_logout: bool = False,
    now: dt.datetime | None = None,
) -> Draft:
    """Keep ``fields`` as the author's draft of this form on this page (one per form: the newest
    wins). ``after_logout``: they were posted after the session had ended."""
    now = now or timezone.now()
    drafts_purge_expired(now=now)
    expires_at = now + (AFTER_LOGOUT_LIFETIME if after_logout else LIFETIME)
    draft, created = Draft.objects.select_for_update().get_or_create(
        author=author,
        page_path=page_path,
        form_key=form_key,
        defaults={
            "fields": fields,
            "object_ref": object_ref,
            "after_logout": after_logout,
            "updated_at": now,
            "expires_at": expires_at,
        },
    )
    if not created:
        draft.fields = fields
        draft.object_ref = object_ref or draft.object_ref
        draft.after_logout = after_logout
        draft.updated_at = now
        draft.expires_at = max(expires_at, draft.expires_at)
        draft.save()
    return draft


def draft_discard(*, author, form_key: str) -> int:
    """The form was saved: its drafts (on any page) are no longer needed."""
    deleted, _ = Draft.objects.filter(author=author, form_key=form_key).delete()
    return deleted


def drafts_discard_page(*, author, page_path: str) -> int:
    """The author threw away what was kept for the forms on this page."""
    deleted, _ = Draft.objects.filter(author=author, page_path=page_path).delete()
    return deleted
