"""Min sag's documents: a child gets the documents the caseworker shared with the child, a
parent those shared with the parents; the case team's own and documents blocked by the virus
scan never; every download is an attachment and in the access log."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import AccessAction, AccessLog
from stemme.documents import services
from stemme.documents.models import ScanState
from stemme.documents.tests.matrix_documents import PDF
from stemme.portal.testing import active_account, client_log_in, parent_person

pytestmark = pytest.mark.django_db


def _upload(world, title, visibility, *, day=None):
    return services.document_upload(
        actor=world.assigned_caseworker,
        case=world.case,
        upload=SimpleUploadedFile(f"{title}.pdf", PDF, content_type="application/pdf"),
        title=title,
        description=f"Om {title.lower()}",
        document_date=day or timezone.localdate(),
        visibility=visibility,
    )


@pytest.fixture
def shared(world):
    today = timezone.localdate()
    return {
        "child": _upload(world, "Skoleskema", "child", day=today),
        "older": _upload(world, "Tegning fra SFO", "child", day=today.replace(year=today.year - 1)),
        "parents": _upload(world, "Lægeerklæring", "parents"),
        "team": _upload(world, "Intern vurdering", "case_team"),
    }


def test_the_child_sees_what_was_shared_with_the_child_newest_first(client, world, shared):
    client_log_in(client, active_account(world))
    body = client.get(reverse("portal:documents")).content.decode()
    assert body.index("Skoleskema") < body.index("Tegning fra SFO")
    assert "Om skoleskema" in body
    assert "Lægeerklæring" not in body
    assert "Intern vurdering" not in body


def test_a_parent_sees_what_was_shared_with_the_parents(client, world, shared):
    client_log_in(client, active_account(world, person=parent_person(world)))
    body = client.get(reverse("portal:documents")).content.decode()
    assert "Lægeerklæring" in body
    assert "Skoleskema" not in body
    assert "Intern vurdering" not in body


def test_a_download_is_an_attachment_and_logged(client, world, shared):
    account = active_account(world)
    client_log_in(client, account)
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(reverse("portal:document", args=[shared["child"].pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = AccessLog.objects.filter(pk__gt=last)
    assert [(r.portal_account_id, r.child_id, r.action, r.purpose) for r in rows] == [
        (account.pk, world.child.pk, AccessAction.VIEW, "portal_document")
    ]


@pytest.mark.parametrize("which", ["parents", "team"])
def test_a_document_not_shared_with_the_child_is_refused_and_the_refusal_logged(
    client, world, shared, which
):
    account = active_account(world)
    client_log_in(client, account)
    document = shared[which]
    response = client.get(reverse("portal:document", args=[document.pk]))
    assert response.status_code == 404
    denial = AccessLog.objects.get(action=AccessAction.DENIED, portal_account=account)
    assert denial.criterion == f"document:{document.pk}"
    assert denial.child_id is None


def test_a_guessed_id_is_refused(client, world, shared):
    client_log_in(client, active_account(world))
    assert client.get(reverse("portal:document", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.parametrize("state", [ScanState.PENDING, ScanState.INFECTED])
def test_a_document_blocked_by_the_virus_scan_is_neither_listed_nor_served(
    client, world, shared, state
):
    document = shared["child"]
    type(document).objects.filter(pk=document.pk).update(scan_state=state)
    client_log_in(client, active_account(world))
    assert "Skoleskema" not in client.get(reverse("portal:documents")).content.decode()
    assert client.get(reverse("portal:document", args=[document.pk])).status_code == 404


def test_another_childs_document_is_refused(client, world, shared):
    client_log_in(client, active_account(world, child=world.other_child))
    response = client.get(reverse("portal:document", args=[shared["child"].pk]))
    assert response.status_code == 404


def test_the_front_page_links_to_the_documents(client, world):
    client_log_in(client, active_account(world))
    assert reverse("portal:documents") in client.get(reverse("portal:home")).content.decode()


def test_a_document_whose_file_is_missing_is_not_a_server_error(client, world, shared, settings):
    """A restore without the files: the child goes back to the list, nothing breaks."""
    (settings.STEMME_DOCUMENTS_ROOT / shared["child"].stored_name).unlink()
    client_log_in(client, active_account(world))
    response = client.get(reverse("portal:document", args=[shared["child"].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:documents")
