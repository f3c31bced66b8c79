"""The right-of-access page and its downloads: who may, what is logged, and a PDF that never
fails on the characters people actually write."""

import pytest
from django.conf import settings
from django.urls import reverse

from stemme.audit.models import AccessAction, AccessLog
from stemme.participation.services import registers
from stemme.portal.testing import parent_person
from stemme.privacy import pdf
from stemme.privacy.selectors import right_of_access_collect


@pytest.fixture(autouse=True)
def english(client):
    """The pages are read in English (the msgids)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(world):
    return reverse("privacy:right_of_access", kwargs={"child_id": world.child.pk})


def _export_url(world):
    return reverse("privacy:export", kwargs={"child_id": world.child.pk})


def _new_logs(world, since):
    return list(AccessLog.objects.filter(pk__gt=since, child=world.child).order_by("pk"))


def _last():
    row = AccessLog.objects.order_by("-pk").first()
    return row.pk if row else 0


def test_the_child_page_links_to_the_right_of_access(client, world):
    client.force_login(world.assigned_caseworker)
    page = client.get(reverse("children:detail", kwargs={"child_id": world.child.pk}))
    assert _page(world) in page.content.decode()


def test_the_page_asks_for_review_and_names_who_is_restricted(client, world):
    parent = parent_person(world, first_name="Rasmus")
    registers.safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Vold",
        persons=[parent],
    )
    client.force_login(world.assigned_caseworker)
    before = _last()

    body = client.get(_page(world)).content.decode()

    assert "Review before anything is handed out" in body
    assert "Rasmus Forælder" in body
    logs = _new_logs(world, before)
    assert [(r.action, r.purpose) for r in logs] == [(AccessAction.VIEW, "right_of_access")]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other_municipality_caseworker", 404),
        ("other_team_caseworker", 404),
        ("assigned_caseworker", 200),
        ("team_leader", 200),
        ("administrator", 403),
    ],
)
def test_the_pdf_only_for_staff_who_may_see_the_child(client, world, role, status):
    user = world.users_by_role()[role]
    if user:
        client.force_login(user)
    before = _last()

    response = client.post(_export_url(world), {"format": "pdf"})

    assert response.status_code == status
    logs = _new_logs(world, before)
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert world.child.first_name not in disposition  # opaque id only
        assert [(r.action, r.user) for r in logs] == [(AccessAction.EXPORT, user)]
    else:
        assert logs == []
        assert b"%PDF" not in response.content


@pytest.mark.parametrize("value", ["", "xml", "pdf' OR 1=1", "j" * 5000])
def test_a_bad_format_gets_a_message_not_a_file(client, world, value):
    client.force_login(world.assigned_caseworker)
    before = _last()

    response = client.post(_export_url(world), {"format": value})

    assert response.status_code == 400
    assert "Choose JSON or PDF." in response.content.decode()
    assert [r.action for r in _new_logs(world, before)] == [AccessAction.VIEW]


def test_get_is_not_allowed_for_the_export(client, world):
    client.force_login(world.assigned_caseworker)
    assert client.get(_export_url(world)).status_code == 405


HOSTILE = (
    "Æble øre Ål — “citat” … 😀👍🏽 中文 עברית العربية Ελληνικά 𝕏 \x07\x1b[31m "
    "e\u0301 \u200b\ufeff "
)


@pytest.fixture
def hostile_world(world):
    """A child whose records hold every kind of character, and a word longer than a line."""
    from stemme.children.services import person_link_to_child
    from stemme.continuity.services import story_update

    person_link_to_child(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name="Ølse 😀",
        last_name="中文",
        relation="mother",
        note=HOSTILE,
    )
    story_update(
        actor=world.assigned_caseworker,
        child=world.child,
        expected_version=0,
        text=HOSTILE + "x" * 30_000 + "\n\n" + HOSTILE * 50,
    )
    return world


@pytest.mark.parametrize("unicode_font", [True, False])
def test_the_pdf_survives_any_text(hostile_world, unicode_font, monkeypatch, tmp_path):
    if not unicode_font:
        monkeypatch.setattr(pdf, "FONT_DIR", tmp_path / "no-fonts-here")
    elif not (pdf.FONT_DIR / pdf.FONT_FILES[""]).is_file():
        pytest.skip("DejaVu Sans is not installed (apt: fonts-dejavu-core)")
    collected = right_of_access_collect(child=hostile_world.child)

    content = pdf.right_of_access_pdf(collected, made_by="Tove 😀 Tildelt")

    assert content.startswith(b"%PDF-")
    assert content.count(b"/Type /Page\n") + content.count(b"/Type /Page ") >= 1


def test_the_core_font_fallback_replaces_what_latin1_lacks(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    document = pdf._Document(title="T", confidential="C")
    assert not document.unicode
    assert document.clean("Æø — 😀\x00") == "Æø - ?"


def test_the_unicode_font_keeps_everything_but_control_characters():
    if not (pdf.FONT_DIR / pdf.FONT_FILES[""]).is_file():
        pytest.skip("DejaVu Sans is not installed")
    document = pdf._Document(title="T", confidential="C")
    assert document.unicode
    assert document.clean("Æø — 😀\x00\x1b") == "Æø — 😀"
