"""Min arbejdsliste: the caseworker's statutory obligations, most urgent first."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.deadlines import selectors


@require_GET
@staff_with_child_access
def worklist(request):
    user = request.user
    cases = access.cases_visible_to(user)
    if user.role == Role.CASEWORKER:
        cases = cases.filter(assignments__caseworker_id=user.pk, assignments__ended_on__isnull=True)
    result = selectors.worklist(cases=cases)
    shown = {o.child_id: o.child for items in result.groups.values() for o in items}
    audit.access_log_children(user=user, children=shown.values(), purpose="worklist")
    return render(
        request,
        "deadlines/worklist.html",
        {
            "worklist": result,
            "is_leader": user.role == Role.TEAM_LEADER,
            "limit": selectors.WORKLIST_LIMIT,
        },
    )
