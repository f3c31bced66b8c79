"""Reading what a form posted, shared by the autosave view and the session middleware.

Kept: the form's own fields. Never kept: the CSRF token, anything that looks like a password,
secret or code, and files (only ``request.POST`` is read).
"""

import re
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

# The autosave's own fields: which page and which form on it.
PAGE_FIELD = "_draft_page"
FORM_FIELD = "_draft_form"
NEVER_KEPT = re.compile(r"csrf|password|secret|code|token", re.IGNORECASE)
MAX_PATH = 500
MAX_CHARS = 200_000  # all values together: far more than a long BFU conclusion


def form_key(path: str, post) -> str:
    """Which form on a page: the address it posts to, and "#<action>" when several forms post
    to the same address and say which they are in a field named "action" (none does today: the
    handover page gives each of its forms an address of its own).
    static/stemme/js/keep-work.js computes the same key in the browser."""
    action = post.get("action", "")
    return f"{path}#{action}" if action else path


def posted_fields(post) -> dict[str, list[str]]:
    """The posted values worth keeping, name -> values (NUL bytes removed: the database's JSON
    cannot hold them)."""
    kept = {}
    for name in post:
        if name in (PAGE_FIELD, FORM_FIELD) or NEVER_KEPT.search(name) or len(name) > 100:
            continue
        kept[name.replace("\x00", "")] = [value.replace("\x00", "") for value in post.getlist(name)]
    return kept


def too_long(fields: dict[str, list[str]]) -> bool:
    return sum(len(value) for values in fields.values() for value in values) > MAX_CHARS


def page_path(value: str) -> str:
    """``value`` if it is a path on this site that Stemme answers, else ""."""
    if not value.startswith("/") or value.startswith("//") or len(value) > MAX_PATH:
        return ""
    if "\x00" in value or "\\" in value:
        return ""
    try:
        resolve(value)
    except Resolver404:
        return ""
    return value


def page_of_post(request) -> str:
    """The page (path and query) a form was posted from: the Referer when it is a page of this
    site, else the address posted to (a form that posts to its own page)."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        if page_path(parts.path):
            return f"{parts.path}?{parts.query}" if parts.query else parts.path
    return request.path
