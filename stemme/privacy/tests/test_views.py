"""The right-of-access page and its downloads: who may, what is logged, and a PDF that never
fails on the characters people actually write."""

import io

import pikepdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from stemme.audit.models import AccessAction, AccessLog
from stemme.journal import services as services_journal
from stemme.journal.models import NoteKind
from stemme.participation.services import registers
from stemme.portal.testing import parent_person
from stemme.privacy import pdf
from stemme.privacy.selectors import right_of_access_collect
from stemme.privacy.tests.pdf_text import pdf_text


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


def test_the_pdf_survives_any_text(hostile_world):
    """Every script, emoji, control characters and a 30,000-character word: a PDF, with the
    text kept (a character no font has is drawn as an empty box), the control characters out
    and the overlong field cut with a note."""
    collected = right_of_access_collect(child=hostile_world.child)

    with translation.override("en"):
        content = pdf.right_of_access_pdf(collected, made_by="Tove 😀 Tildelt")

    assert content.startswith(b"%PDF-")
    text = " ".join(pdf_text(content).split())  # lines wrap anywhere
    for kept in ("Æble øre Ål", "Ølse", "Ελληνικά", "Tove 😀 Tildelt", "(cut here; the JSON"):
        assert kept in text, kept
    assert "\x07" not in text
    assert "\x1b" not in text
    assert 19_900 < text.count("x") <= pdf.MAX_VALUE_CHARS  # cut, with the note


def test_clean_keeps_everything_but_control_characters():
    assert pdf.clean("Æø — 😀\x00\x1b\n\t") == "Æø — 😀\n\t"
    assert pdf.clean("e\u0301") == "é"  # composed


def _structure(node, found: list) -> list:
    """The structure types (H1, Table, TH …) of the tagged PDF's tree, depth first."""
    if isinstance(node, pikepdf.Array):
        for kid in node:
            _structure(kid, found)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append(node)
        if "/K" in node:
            _structure(node.K, found)
    return found


def test_the_pdf_is_tagged_pdf_ua(client, world):
    """PDF/UA-1 like the letters: marked, a structure tree with headings and tables whose
    cells know their headers, the language, the title shown, every font embedded; Danish."""
    services_journal.note_write(
        actor=world.assigned_caseworker,
        case=world.case,
        happened_on=timezone.localdate(),
        kind=NoteKind.MEETING,
        internal=True,
        title="Netværksmøde",
        text="INTERNT REFERAT",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    client.force_login(world.assigned_caseworker)

    response = client.post(_export_url(world), {"format": "pdf"})

    assert response.status_code == 200
    pdf_file = pikepdf.open(io.BytesIO(response.content))
    root = pdf_file.Root
    assert bool(root.MarkInfo.Marked) is True
    assert "/StructTreeRoot" in root
    assert str(root.Lang) == "da"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    title = f"Aktindsigt: {world.child.full_name}"
    with pdf_file.open_metadata() as meta:
        assert meta.get("dc:title") == title
    elements = _structure(root.StructTreeRoot.K, [])
    kinds = [str(element.S) for element in elements]
    assert kinds.count("/H1") == 1
    assert {"/H2", "/H3", "/L", "/Table", "/TR", "/TH", "/TD"} <= set(kinds), set(kinds)
    cells = [element for element in elements if str(element.S) == "/TD"]
    assert all(len(cell.A.Headers) >= 1 for cell in cells)  # every cell names its header
    fonts = 0
    for page in pdf_file.pages:
        for font in page.Resources.Font.values():
            fonts += 1
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0] if descendants else font).FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts

    text = " ".join(pdf_text(response.content).split())  # lines wrap anywhere
    assert text.startswith(title)
    for words in (
        "Fortroligt. Til kommunens gennemgang, før noget udleveres.",
        "Før noget udleveres",
        "1 internt notat er udeladt og kræver gennemgang",  # counted, not shown
        "Hvad der er sket (hændelsesloggen)",
        "Adgangsloggen, række for række",
        world.assigned_caseworker.get_full_name(),  # who made it
        f"{timezone.localdate():%d.%m.%Y}",  # and when
        "1 / ",  # page numbers
    ):
        assert words in text, words
    assert "INTERNT REFERAT" not in text
