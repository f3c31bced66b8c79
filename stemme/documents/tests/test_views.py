"""The documents' pages: upload through the form (refusals re-show it, nothing stored), the
download's headers and logging, access, the list's filters and pages, double submit, and
fixed query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.core.idempotency import FIELD, new_token
from stemme.documents import selectors, services
from stemme.documents.models import Document, Visibility
from stemme.documents.tests import files
from stemme.documents.tests.conftest import stored_files

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def url(name, case, document=None) -> str:
    kwargs = {"case_id": case.pk}
    if document is not None:
        kwargs["document_id"] = document.pk
    return reverse(f"documents:{name}", kwargs=kwargs)


def add(world, title="Brev fra skolen", name="brev.pdf", content=files.PLAIN_PDF, **values):
    return services.document_upload(
        actor=world.assigned_caseworker,
        case=world.case,
        upload=SimpleUploadedFile(name, content),
        title=title,
        document_date=values.pop("document_date", TODAY),
        **values,
    )


def form_data(name="brev.pdf", content=None, **values):
    return {
        "file": SimpleUploadedFile(name, files.real_pdf() if content is None else content),
        "title": "Brev fra skolen",
        "description": "Om fravær",
        "document_date": TODAY.isoformat(),
        "sender": "Skolen",
        "visibility": "case_team",
        **values,
    }


@pytest.fixture
def staff(client, world):
    client.force_login(world.assigned_caseworker)
    return client


def test_upload_through_the_form_and_download_it(staff, world):
    pdf = files.real_pdf()
    response = staff.post(url("upload", world.case), form_data(content=pdf))
    assert response.status_code == 302
    assert response.url == url("list", world.case)
    document = Document.objects.get()
    assert (document.sender, document.visibility) == ("Skolen", Visibility.CASE_TEAM)
    page = staff.get(url("list", world.case)).content.decode()
    assert "Brev fra skolen" in page
    assert url("download", world.case, document) in page

    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = staff.get(url("download", world.case, document))
    assert response.status_code == 200
    assert response.content == pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brev.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    [row] = AccessLog.objects.filter(pk__gt=last)
    assert (row.child_id, row.purpose) == (world.child.pk, "document_download")
    # A read, not a change: the access log holds it, no event.
    assert (
        not Event.objects.filter(ref=document.ref)
        .exclude(kind__startswith="documents.up")
        .exclude(kind__startswith="documents.scan")
        .exists()
    )


def test_the_stored_type_is_served_never_the_browsers(staff, world):
    document = add(world, name="tegning.png", content=files.png())
    response = staff.get(url("download", world.case, document))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_non_ascii_name_is_offered_safely(staff, world):
    document = add(world, name='Skolens "brev"\r\n æøå.pdf')
    disposition = staff.get(url("download", world.case, document))["Content-Disposition"]
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("billede.pdf", files.png()),
        ("side.pdf", b"<html><body>Hej</body></html>"),
        ("tom.pdf", b""),
        ("bombe.docx", files.zip_bomb()),
    ],
)
def test_a_refused_file_re_shows_the_form_with_the_reason(
    staff, world, documents_root, name, content
):
    response = staff.post(url("upload", world.case), form_data(name=name, content=content))
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(documents_root) == []


def test_a_too_large_upload_is_refused(staff, world, settings, documents_root):
    settings.STEMME_DOCUMENT_MAX_BYTES = 2000
    response = staff.post(
        url("upload", world.case), form_data(content=files.PLAIN_PDF + b"\0" * 3000)
    )
    assert response.status_code == 200
    assert not Document.objects.exists()
    assert stored_files(documents_root) == []


def test_sending_the_form_twice_saves_one_document(staff, world):
    token = new_token()
    for _ in range(2):
        response = staff.post(url("upload", world.case), {**form_data(), FIELD: token})
        assert response.status_code == 302
    assert Document.objects.count() == 1


def test_a_waiting_or_infected_document_is_not_downloaded(staff, world, settings):
    settings.STEMME_DOCUMENT_SCANNER = "stemme.documents.scanning.FakeScanner"
    infected = add(world, content=files.PLAIN_PDF + b"% EICAR-TEST\n")
    response = staff.get(url("download", world.case, infected))
    assert response.status_code == 302
    page = staff.get(url("list", world.case)).content.decode()
    assert url("download", world.case, infected) not in page


def test_another_teams_caseworker_gets_404_and_a_denied_row(client, world):
    document = add(world)
    client.force_login(world.other_team_caseworker)
    for target in (
        url("list", world.case),
        url("upload", world.case),
        url("download", world.case, document),
    ):
        last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        assert client.get(target).status_code == 404, target
        rows = AccessLog.objects.filter(pk__gt=last)
        assert [(row.action, row.child_id) for row in rows] == [(AccessAction.DENIED, None)]
    response = client.post(url("upload", world.case), form_data())
    assert response.status_code == 404
    assert Document.objects.count() == 1


def test_a_document_of_another_case_is_refused_under_this_case(staff, world):
    from conftest import make_case, make_child

    other_case = make_case(
        make_child(world.municipality, first_name="Ida"), world.team, world.assigned_caseworker
    )
    document = services.document_upload(
        actor=world.assigned_caseworker,
        case=other_case,
        upload=SimpleUploadedFile("brev.pdf", files.PLAIN_PDF),
        title="Idas brev",
        document_date=TODAY,
    )
    response = staff.get(url("download", world.case, document))
    assert response.status_code == 404
    denied = AccessLog.objects.filter(action=AccessAction.DENIED).get()
    assert denied.criterion == f"case:{world.case.pk}/document:{document.pk}"


def test_the_list_filters_sorts_and_pages(staff, world, settings):
    settings.STEMME_PAGE_SIZE = 2
    add(world, title="Gammelt brev", document_date=TODAY - dt.timedelta(days=30))
    add(world, title="Nyt billede", name="b.png", content=files.png(), visibility="child")
    add(world, title="Mellem brev", document_date=TODAY - dt.timedelta(days=3))
    first = staff.get(url("list", world.case)).content.decode()
    assert "Nyt billede" in first
    assert "Mellem brev" in first
    assert "Gammelt brev" not in first
    second = staff.get(url("list", world.case) + "?side=2").content.decode()
    assert "Gammelt brev" in second
    oldest = staff.get(url("list", world.case) + "?orden=oldest").content.decode()
    assert oldest.index("Gammelt brev") < oldest.index("Mellem brev")
    pictures = staff.get(url("list", world.case) + "?kind=image").content.decode()
    assert "Nyt billede" in pictures
    assert "Mellem brev" not in pictures
    child = staff.get(url("list", world.case) + "?visibility=child").content.decode()
    assert "Nyt billede" in child
    assert "Gammelt brev" not in child


def test_the_case_page_has_the_documents_panel(staff, world):
    add(world)
    page = staff.get(reverse("cases:detail", kwargs={"case_id": world.case.pk})).content.decode()
    assert 'id="documents"' in page
    assert url("upload", world.case) in page
    assert 'id="journal"' in page  # the journal's panel stays


def test_query_counts_do_not_grow_with_the_documents(world, django_assert_max_num_queries):
    for number in range(5):
        add(world, title=f"Brev {number}")
    with django_assert_max_num_queries(1):
        assert len(list(selectors.documents_for_case(case=world.case))) == 5
    with django_assert_max_num_queries(2):
        assert selectors.case_documents(case=world.case).count == 5
