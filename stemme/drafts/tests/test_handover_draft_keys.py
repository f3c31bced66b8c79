"""Migration 0002: a handover letter typed before the page got one address per action is
offered again at the new address; a newer draft there is not overwritten."""

import importlib
import uuid

import pytest
from django.apps import apps

from stemme.drafts import services
from stemme.drafts.models import Draft

pytestmark = pytest.mark.django_db

migration = importlib.import_module("stemme.drafts.migrations.0002_handover_letter_draft_keys")


def _page() -> str:
    return f"/sager/{uuid.uuid4()}/overdragelse/{uuid.uuid4()}/"


def _save(author, page, key, text):
    services.draft_save(author=author, page_path=page, form_key=key, fields={"body": [text]})


def test_old_letter_drafts_move_to_the_new_address_and_back(world):
    page = _page()
    _save(world.assigned_caseworker, page, f"{page}#letter_send", "Kære Tove")
    _save(world.assigned_caseworker, "/andet/", "/andet/#letter_send", "Ikke en overdragelse")
    migration.forwards(apps, None)
    keys = dict(Draft.objects.values_list("page_path", "form_key"))
    assert keys == {page: f"{page}send-brev/", "/andet/": "/andet/#letter_send"}
    migration.backwards(apps, None)
    assert Draft.objects.get(page_path=page).form_key == f"{page}#letter_send"


def test_a_newer_draft_at_the_new_address_wins(world):
    page = _page()
    _save(world.assigned_caseworker, page, f"{page}#letter_send", "Gammel")
    _save(world.assigned_caseworker, page, f"{page}send-brev/", "Ny")
    migration.forwards(apps, None)
    drafts = dict(Draft.objects.values_list("form_key", "fields"))
    assert drafts[f"{page}send-brev/"] == {"body": ["Ny"]}
    assert drafts[f"{page}#letter_send"] == {"body": ["Gammel"]}
