"""Shared by the drafts tests and the session test: a case with a running BFU, the six long
forms' pages, and reading what a page hands to keep-work.js."""

import json
import re
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

BFU_CONCLUSION = "Konklusion: Zenia trives i skolen, men har brug for støtte efter § 32."


def bfu_running(world):
    """The protected child's case with a report and a screening that started a BFU."""
    from stemme.cases.services import steps

    worker = world.assigned_caseworker
    steps.intake_register(
        actor=worker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        reporter_name="Lærer Lise",
        received_at=timezone.now(),
        content="Bekymring fra skolen.",
    )
    steps.screening_record(
        actor=worker,
        case=world.case,
        screened_on=timezone.localdate(),
        information_weighted="Skolens oplysninger.",
        assessment="Der er brug for en børnefaglig undersøgelse.",
        outcome="bfu",
    )
    return world


def step_url(world, slug: str) -> str:
    return reverse("cases:step", kwargs={"case_id": world.case.pk, "step": slug})


class _Forms(HTMLParser):
    """The forms of a page: their attributes and hidden "action" field."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "action_field": ""})
        elif tag == "input" and attrs.get("name") == "action" and self.forms:
            self.forms[-1]["action_field"] = attrs.get("value", "")


def draft_form_keys(html: str, page_path: str) -> list[str]:
    """The keys (as keep-work.js computes them) of the forms on the page that keep drafts."""
    parser = _Forms()
    parser.feed(html)
    keys = []
    for form in parser.forms:
        if "data-draft" not in form["attrs"]:
            continue
        action = (form["attrs"].get("action") or "").split("#", 1)[0] or page_path
        keys.append(f"{action}#{form['action_field']}" if form["action_field"] else action)
    return keys


def restored(html: str) -> dict:
    """The JSON block keep-work.js reads (the autosave address and the drafts to fill in)."""
    match = re.search(
        r'<script id="stemme-drafts" type="application/json"[^>]*>(.*?)</script>', html, re.S
    )
    assert match, "the page has no drafts block"
    return json.loads(match.group(1))
