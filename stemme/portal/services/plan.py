"""Writes for "My plan" in Min sag: the child rates how a goal of the plan is going.

A rating is a smiley (1-5) and, if the child wants, a few words. Every rating is kept, so the
caseworker sees how it has gone over time (next to the goal on the case page). The words are
filed verbatim as the child's own words, linked to the goal, in the same transaction as the
rating and its event. Only the child's own account rates; a parent's account never does.

The goal's case row is locked while the rating is written, like the goal services on the staff
side: a caseworker ending the goal at the same moment either lands first (and the rating is
refused) or after (and the rating is kept with the goal's history).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.cases.models import Case, GoalRating, PlanGoal
from stemme.children.models import PortalAccount, Smiley
from stemme.portal.selectors.plan import goal_for_child
from stemme.portal.services.words import words_file

WORDS_MAX_CHARS = 1000


def goal_rate(*, account: PortalAccount, goal: PlanGoal, rating, words: str = "") -> GoalRating:
    """The child says how ``goal`` is going. The goal must be an active goal of the current
    plan of the child's own open case."""
    if account.is_parent:
        # The views give parents a 404 first; this guards the rule itself.
        raise PermissionDenied("Only the child's own account rates the child's goals")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = None
    if rating not in Smiley.values:
        raise ValidationError({"smiley": _("Choose a face.")})
    words = (words or "").strip()
    if len(words) > WORDS_MAX_CHARS:
        raise ValidationError(
            {
                "words": _("Please write a bit less. At most %(max)d letters.")
                % {"max": WORDS_MAX_CHARS}
            }
        )
    with transaction.atomic():
        case_id = (
            PlanGoal.objects.filter(pk=goal.pk).values_list("plan__case_id", flat=True).first()
        )
        case = (
            Case.objects.select_for_update()
            .select_related("child__municipality")
            .filter(pk=case_id, child=account.child)
            .first()
        )
        current = goal_for_child(child=account.child, goal_id=goal.pk) if case else None
        if current is None:
            raise ValidationError(_("This goal is not in your plan any more."))
        given = GoalRating.objects.create(goal=current, account=account, rating=rating, words=words)
        statement = words_file(account=account, words=words, informs_ref=current.ref, case=case)
        event_record(
            actor=None,
            municipality=case.child.municipality,
            child=case.child,
            case=case,
            kind="portal.goal_rated",
            ref=current.ref,
            data={
                "rating": rating,
                "rating_id": str(given.pk),
                "statement": statement.ref if statement else None,
            },
        )
    return given
