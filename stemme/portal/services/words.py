"""Everything a child writes in Min sag is filed in the case as the child's own words.

Each portal write calls ``words_file`` inside its transaction: the text is kept verbatim as a
``ChildStatement`` with mode "portal", dated today and linked to what it is about (a meeting, a
goal, a message). A parent's account never files words: they are not the child's.
"""

from django.utils import timezone

from stemme.cases.models import Case, Stage
from stemme.children.models import PortalAccount
from stemme.participation.models import ChildStatement, StatementMode
from stemme.participation.services.voice import statement_create


def open_case_of(child) -> Case | None:
    """The child's most recent open case (where the child's words belong), or None."""
    return (
        Case.objects.filter(child=child).exclude(stage=Stage.CLOSED).order_by("-opened_on").first()
    )


def words_file(*, account: PortalAccount, words: str, informs_ref: str = "", case=None):
    """File ``words`` verbatim as the child's statement. Must run inside the caller's
    transaction. Returns the statement, or None for empty words."""
    if account.is_parent:
        raise ValueError("Only the child's own account files the child's words")
    if not (words or "").strip():
        return None
    return statement_create(
        actor=None,
        child=account.child,
        case=case if case is not None else open_case_of(account.child),
        words=words,
        mode=StatementMode.PORTAL,
        stated_on=timezone.localdate(),
        informs_ref=informs_ref,
    )


__all__ = ["ChildStatement", "open_case_of", "words_file"]
