"""Drafts on the page: the author's kept field values for the forms on it (filled in by
static/stemme/js/keep-work.js) and a note that says so."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from stemme.drafts import selectors

register = template.Library()


@register.inclusion_tag("drafts/_restore.html", takes_context=True)
def draft_restore(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", bool)():
        return {"show": False}
    if "exception" in context:  # an error page (404, 403) shows nothing kept
        return {"show": False}
    # A page shown again with posted data keeps what was posted.
    drafts = []
    if request.method == "GET":
        drafts = selectors.drafts_for_page(author=user, page_path=request.path)
    notices = []
    for draft in drafts:
        if draft.after_logout:
            text = _(
                "You were logged out. What you had written is filled in again – check it and "
                "press Save."
            )
        else:
            updated = timezone.localtime(draft.updated_at)
            text = _(
                "Your draft from %(date)s at %(time)s is filled in again – check it and press "
                "Save. The draft is deleted when you save."
            ) % {
                "date": formats.date_format(updated, "MONTH_DAY_FORMAT"),
                "time": formats.time_format(updated, "H.i"),
            }
        if text not in notices:
            notices.append(text)
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "notices": notices,
        "config": _json(
            {
                "url": reverse("drafts:autosave"),
                "saved": _("Draft kept at %(time)s") % {"time": "{time}"},
                "drafts": [{"form": d.form_key, "fields": d.fields} for d in drafts],
            }
        ),
    }


def _json(value) -> str:
    """JSON safe inside <script type="application/json"> (as Django's json_script escapes it)."""
    text = json.dumps(value, cls=DjangoJSONEncoder)
    for char, escape in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped
