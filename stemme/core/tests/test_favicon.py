"""Stemme has a favicon: staff pages, Min sag and the error page link it, and it is served."""

import re

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

ICON = re.compile(
    r'<link rel="icon" href="(/static/stemme/img/favicon\.svg)" type="image/svg\+xml">'
)


def _icon(html: str) -> str:
    match = ICON.search(html)
    assert match, "no favicon link"
    return match.group(1)


def test_staff_portal_and_error_pages_link_the_favicon(client, db):
    staff = client.get(reverse("accounts:login")).content.decode()
    portal = client.get(reverse("portal:login")).content.decode()
    error = render_to_string("500.html")
    assert _icon(staff) == _icon(portal) == _icon(error)


def test_the_favicon_is_an_svg_in_the_core_static_files():
    path = finders.find("stemme/img/favicon.svg")
    assert path
    with open(path, encoding="utf-8") as icon:
        text = icon.read()
    assert text.startswith("<svg")
    assert "script" not in text
