"""Access-matrix entries for the portal pages: my caseworkers, my rights, who has looked at my
case, my letters, my documents. Staff have no portal session (portal login); another child sees
their own page, never the protected child's letters or documents; "who has looked" is the child's
alone."""

from stemme.access.testing import ROLES, Entry, portal_page


def _letter_to_child(world):
    from stemme.letters.models import Channel, LetterKind
    from stemme.letters.services import Recipient, letter_send

    child = world.child
    letter = letter_send(
        actor=world.assigned_caseworker,
        child=child,
        recipient=Recipient.child(child),
        kind=LetterKind.OTHER,
        subject="Hej",
        body=f"Kære {child.first_name}. Vi ses snart.",
        channel=Channel.PORTAL,
        case=world.case,
    )
    return {"letter": letter}


def _letter_to_parent(world):
    from stemme.children.models import PortalAccount
    from stemme.letters.models import Channel, LetterKind
    from stemme.letters.services import Recipient, letter_send
    from stemme.portal.testing import parent_person

    # The matrix's "parent" role is logged in before the setup runs: write to that parent.
    account = PortalAccount.objects.filter(
        child=world.child, kind="parent", person__first_name="Mona"
    ).first()
    person = account.person if account else parent_person(world)
    letter = letter_send(
        actor=world.assigned_caseworker,
        child=world.child,
        recipient=Recipient(kind="person", name=str(person), person=person),
        kind=LetterKind.OTHER,
        subject="Til forælder",
        body=f"Om {world.child.first_name}: mødet er flyttet.",
        channel=Channel.LETTER,
        case=world.case,
    )
    return {"letter": letter}


def _document_for(visibility: str):
    def setup(world):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from stemme.documents import services
        from stemme.documents.tests.matrix_documents import PDF

        document = services.document_upload(
            actor=world.assigned_caseworker,
            case=world.case,
            upload=SimpleUploadedFile("skema.pdf", PDF, content_type="application/pdf"),
            title="Skoleskema",
            document_date=timezone.localdate(),
            visibility=visibility,
        )
        return {"document": document}

    return setup


ENTRIES = {
    "portal:caseworkers": [portal_page(parent=200, other_child=200, shows_child=False)],
    "portal:rights": [portal_page(parent=200, other_child=200, shows_child=False)],
    # The access log is the child's own insight: a parent gets 404.
    "portal:looked": [portal_page(parent=404, other_child=200, shows_child=False)],
    "portal:letters": [portal_page(parent=200, other_child=200, shows_child=False)],
    "portal:letter": [
        # A letter to the child: the child reads it; the parent and another child get 404.
        portal_page(kwargs={"letter_id": "letter.pk"}, setup=_letter_to_child, parent=404),
        # A letter to the parent: only that parent reads it, not even the child.
        Entry(
            setup=_letter_to_parent,
            kwargs={"letter_id": "letter.pk"},
            status={
                **dict.fromkeys(ROLES, 302),
                "child": 404,
                "other_child": 404,
                "parent": 200,
                "restricted_parent": 302,
            },
            shows_child=True,
            sees=frozenset({"parent"}),
        ),
    ],
    "portal:documents": [portal_page(parent=200, other_child=200, shows_child=False)],
    "portal:document": [
        # A document shared with the child: the child downloads it; the parent and another
        # child get 404.
        portal_page(
            kwargs={"document_id": "document.pk"},
            setup=_document_for("child"),
            parent=404,
            shows_child=False,  # a file, not a page: its read is in the access log
        ),
        # Shared with the parents: only a parent's account, not the child's.
        Entry(
            setup=_document_for("parents"),
            kwargs={"document_id": "document.pk"},
            status={
                **dict.fromkeys(ROLES, 302),
                "child": 404,
                "other_child": 404,
                "parent": 200,
                "restricted_parent": 302,
            },
            shows_child=False,
            logs_access=True,
            sees=frozenset({"parent"}),
        ),
        # The case team's own: nobody in Min sag.
        Entry(
            setup=_document_for("case_team"),
            kwargs={"document_id": "document.pk"},
            status={
                **dict.fromkeys(ROLES, 302),
                "child": 404,
                "other_child": 404,
                "parent": 404,
                "restricted_parent": 302,
            },
            shows_child=False,
        ),
    ],
}
