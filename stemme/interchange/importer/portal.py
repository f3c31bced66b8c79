"""Letters and Min sag: the letters and portal messages of a case or of the child, the statement
a message was filed as, and the child's account for what the child wrote (messages, meeting
feedback and wishes, goal ratings)."""

from django.utils.translation import gettext as _

from stemme.interchange.fields import LETTERS, MESSAGES
from stemme.interchange.importer.state import ChildScope, ImportState
from stemme.portal.models import AccountKind, PortalAccount


def letters_and_messages(
    state: ImportState, data: dict, path: str, scope: ChildScope, *, case_id, refs
) -> None:
    child_id = scope.child_id
    for index, item in enumerate(data.get("letters", [])):
        where = f"{path}.letters[{index}]"
        row = state.section_row(LETTERS, item, where, scope, child_id=child_id, case_id=case_id)
        if row.pk is not None:
            refs["letters"].add(row.pk)
    for index, item in enumerate(data.get("portal_messages", [])):
        where = f"{path}.portal_messages[{index}]"
        row = state.section_row(MESSAGES, item, where, scope, child_id=child_id, case_id=case_id)
        if row.pk is not None:
            refs["portal_messages"].add(row.pk)
        if item.get("statement") is not None:
            scope.statement_links.append((f"{where}.statement", row.statement_id))
        scope.portal_rows.append(row)


def statement_links_validate(state: ImportState, scope: ChildScope) -> None:
    """The statement a message was filed as: one of the child's statements in the file."""
    for path, statement_id in scope.statement_links:
        if statement_id not in scope.statements:
            state.error(
                path,
                _("the statement %(id)s is not one of the child's statements in the file")
                % {"id": statement_id},
                "unknown_statement",
            )


def account_attach(state: ImportState, scope: ChildScope) -> None:
    """What the child wrote in Min sag needs the child's account (the models require one).
    Credentials never travel: the account has no PIN and is not activated; staff give the
    child access in the new municipality as for any child."""
    if scope.portal_rows:
        account = PortalAccount(child_id=scope.child_id, kind=AccountKind.CHILD)
        state.rows["portal_accounts"].append(account)
        for row in scope.portal_rows:
            row.account = account
