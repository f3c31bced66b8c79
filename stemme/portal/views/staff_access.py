"""Staff: give a child (or a parent) access to Min sag and print the activation letter."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from stemme.access import selectors as access_selectors
from stemme.access.views import staff_with_child_access
from stemme.audit import services as audit
from stemme.audit.models import AccessAction
from stemme.children.models import ChildRelation, PortalAccount
from stemme.core.idempotency import once_per_token
from stemme.participation.selectors import restricted_people
from stemme.portal import selectors, services
from stemme.portal.forms import IssueForm


def _parents(child):
    restricted = restricted_people(child=child)
    relations = [
        relation
        for relation in ChildRelation.objects.filter(
            child=child, ended_on__isnull=True
        ).select_related("person")
        if relation.is_parental
    ]
    return [{"relation": r, "restricted": r.person_id in restricted.person_ids} for r in relations]


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def portal_access(request, child_id):
    child = access_child(request, child_id)
    parents = _parents(child)
    form = IssueForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        who = form.cleaned_data["who"]
        person = None
        if who != "child":
            person = next(
                (p["relation"].person for p in parents if str(p["relation"].person_id) == who),
                None,
            )
        if who != "child" and person is None:
            error = services.ACTIVATION_FAILED
        else:
            try:
                issued = services.activation_code_issue(
                    actor=request.user, child=child, person=person
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                # The activation letter is a page to print: its showing is logged as a print.
                audit.access_log_children(
                    user=request.user,
                    children=[child],
                    purpose="portal_access",
                    action=AccessAction.PRINT,
                )
                return render(
                    request,
                    "portal/staff_letter.html",
                    {
                        "child": child,
                        "issued": issued,
                        "account": issued.account,
                        "expires_on": timezone.localdate(issued.activation.expires_at),
                        "activate_url": request.build_absolute_uri(reverse("portal:activate")),
                        "login_url": request.build_absolute_uri(reverse("portal:login")),
                    },
                )
    return render(
        request,
        "portal/staff_access.html",
        {
            "child": child,
            "accounts": selectors.accounts_for_child(child=child),
            "now": timezone.now(),
            "parents": parents,
            "error": error,
        },
    )


ACCOUNT_ACTIONS = {
    "disable": services.account_disable,
    "enable": services.account_enable,
    "unlock": services.account_unlock,
}


@require_POST
@staff_with_child_access
def portal_account_action(request, child_id, account_id):
    """Close, reopen or unlock one of the child's portal accounts."""
    child = access_child(request, child_id)
    action = ACCOUNT_ACTIONS.get(request.POST.get("action", ""))
    account = selectors.account_of_child(child=child, account_id=account_id)
    if account is None:
        raise access_selectors.nested_refused(
            under=child,
            kind="portal_account",
            nested_id=account_id,
            purpose="portal_access",
            own=PortalAccount.objects.filter(child=child),
        )
    if action is None:
        raise Http404
    action(actor=request.user, account=account)
    return redirect("portal_staff:access", child_id=child.pk)


def access_child(request, child_id):
    return access_selectors.access_child_by_id(request.user, child_id, purpose="portal_access")
