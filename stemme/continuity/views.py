"""Staff pages for continuity: the leader's "a caseworker leaves" screen, a handover's checklist,
starting a handover, the secondary caseworker, and the child's "my story so far"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role, User
from stemme.audit import services as audit
from stemme.cases.models import AssignmentRole, CaseworkerAssignment
from stemme.children.models import ChildRelation
from stemme.continuity import selectors, services
from stemme.continuity.forms import (
    STEP_FIELDS,
    HandoverStartForm,
    LeaverReassignForm,
    LetterForm,
    NotifyParentsForm,
    SecondaryForm,
    StoryForm,
    step_form,
)
from stemme.continuity.models import Handover
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.letters import selectors as letter_selectors
from stemme.participation import selectors as participation


def _require_leader(user) -> None:
    if user.role != Role.TEAM_LEADER:
        raise PermissionDenied


# --- A caseworker leaves -------------------------------------------------------------------------


@require_GET
@staff_with_child_access
def leavers(request):
    """The leader picks the caseworker who leaves (caseworkers of the leader's teams)."""
    _require_leader(request.user)
    return render(
        request,
        "continuity/leavers.html",
        {"caseworkers": selectors.caseworkers_for_leader(leader=request.user)},
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def leaver(request, user_id):
    """Every child on the leaving caseworker's caseload, with a new caseworker and the handover
    status for each, so that no child is forgotten."""
    _require_leader(request.user)
    caseworker = selectors.leaver_caseworker(leader=request.user, user_id=user_id)
    failed_key, failed_form = None, None
    if request.method == "POST":
        form = LeaverReassignForm(
            request.POST,
            candidates=User.objects.filter(
                role=Role.CASEWORKER, teams__in=request.user.teams.all()
            ).distinct(),
        )
        if form.is_valid():
            data = form.cleaned_data
            case = access.access_case_by_id(
                request.user, data["case_id"], purpose="caseworker_leaving"
            )
            try:
                services.handover_start(
                    actor=request.user,
                    case=case,
                    to_caseworker=data["to_caseworker"],
                    changes_on=data["changes_on"],
                    role=data["role"],
                    leaving_caseworker=caseworker,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(child)s has a new caseworker: %(name)s. Follow up on the handover.")
                    % {
                        "child": case.child.full_name,
                        "name": data["to_caseworker"].get_full_name(),
                    },
                )
                return redirect("continuity:leaver", user_id=caseworker.pk)
        failed_key = f"{request.POST.get('case_id', '')}-{request.POST.get('role', '')}"
        failed_form = form
    caseload = selectors.leaver_caseload(leader=request.user, caseworker=caseworker)
    audit.access_log_children(
        user=request.user, children=caseload.children, purpose="caseworker_leaving"
    )
    return render(
        request,
        "continuity/leaver.html",
        {
            "caseworker": caseworker,
            "caseload": caseload,
            "failed_key": failed_key,
            "failed_form": failed_form,
        },
    )


# --- A handover ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def handover_new(request, case_id):
    """Start a handover on one case: choose the new primary caseworker."""
    case = access.access_case_by_id(request.user, case_id, purpose="handover")
    if not case.is_open:
        raise Http404
    if not services.may_manage_caseworkers(request.user, case):
        raise PermissionDenied
    form = HandoverStartForm(
        request.POST or None,
        candidates=selectors.handover_candidates(case=case, role=AssignmentRole.PRIMARY),
    )
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.handover_start(
                actor=request.user,
                case=case,
                to_caseworker=form.cleaned_data["to_caseworker"],
                changes_on=form.cleaned_data["changes_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The new caseworker is assigned. Now do the handover."))
            return redirect("continuity:handover", case_id=case.pk, handover_id=handover.pk)
    return render(
        request, "continuity/handover_new.html", {"case": case, "child": case.child, "form": form}
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def handover(request, case_id, handover_id):
    """The handover checklist: each step done, explained or missing; the letter to the child
    with the new caseworker's photo; notices to the parents; the child's story."""
    case = access.access_case_by_id(request.user, case_id, purpose="handover")
    item = selectors.handover_in_case(case=case, handover_id=handover_id)
    if item is None:
        raise access.nested_refused(
            under=case,
            kind="handover",
            nested_id=handover_id,
            purpose="handover",
            own=Handover.objects.filter(case=case),
        )
    child = case.child
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = request.POST if request.method == "POST" else None
    step_forms = {
        key: step_form(key, item, bound if action == key else None) for key in STEP_FIELDS
    }
    letter_form = LetterForm(
        bound if action == "letter_send" else None,
        initial={"channel": "letter", "text": services.handover_letter_default(item)},
    )
    parents_form = NotifyParentsForm(bound if action == "notify_parents" else None)
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        here = reverse("continuity:handover", kwargs={"case_id": case.pk, "handover_id": item.pk})
        if action in step_forms:
            form = step_forms[action]

            def save():
                fields = {name: form.cleaned_data[name] for name in STEP_FIELDS[action]}
                return services.handover_update(
                    actor=request.user, handover=item, expected_version=version, **fields
                )

            success = _("Saved.")
        elif action == "letter_send":
            form = letter_form

            def save():
                return services.handover_send_letter(
                    actor=request.user, handover=item, expected_version=version, **form.cleaned_data
                )

            success = _("The letter to the child is sent.")
        elif action == "notify_parents":
            form = parents_form

            def save():
                return services.handover_notify_parents(
                    actor=request.user,
                    handover=item,
                    channel=form.cleaned_data["channel"],
                    expected_version=version,
                )

            def success(result):
                sent, blocked = result
                return _(
                    "Notices sent: %(sent)d. Stopped by the safety restriction: %(blocked)d."
                ) % {"sent": len(sent), "blocked": len(blocked)}

        else:
            raise Http404
        anchor = {"letter_send": "letter", "notify_parents": "parents"}.get(
            action, f"step-{action}"
        )
        saved = edit_save(
            request,
            form,
            save,
            success=success,
            done=lambda _result: redirect(here),
            back_url=f"{here}#{anchor}",
            subject=_("Handover for %(name)s") % {"name": child.full_name},
        )
        if saved is not None:
            return saved
    story = selectors.story_current(child=child)
    status = selectors.handover_status(item, story=story)
    restricted = participation.restricted_people(child=child)
    holders = [
        {"relation": relation, "blocked": relation.person_id in restricted.person_ids}
        for relation in ChildRelation.objects.filter(child=child, has_custody=True).select_related(
            "person"
        )
    ]
    return render(
        request,
        "continuity/handover.html",
        {
            "case": case,
            "child": child,
            "handover": item,
            "status": status,
            "steps": [(step, step_forms[step.key]) for step in status.steps],
            "letter_form": letter_form,
            "parents_form": parents_form,
            "holders": holders,
            "letters": letter_selectors.letters_for_child(child=child, related_ref=item.ref),
            "story": story,
            "story_fresh_days": selectors.STORY_FRESH_DAYS,
            "action": action,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def secondary(request, case_id):
    """Assign a secondary caseworker, so that two caseworkers know the child."""
    case = access.access_case_by_id(request.user, case_id, purpose="secondary_caseworker")
    if not case.is_open:
        raise Http404
    if not services.may_manage_caseworkers(request.user, case):
        raise PermissionDenied
    form = SecondaryForm(request.POST or None, candidates=selectors.secondary_candidates(case=case))
    if request.method == "POST" and form.is_valid():
        try:
            services.secondary_assign(
                actor=request.user, case=case, caseworker=form.cleaned_data["caseworker"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The secondary caseworker is assigned."))
            return redirect("cases:detail", case_id=case.pk)
    current = (
        CaseworkerAssignment.objects.filter(case=case, ended_on__isnull=True)
        .select_related("caseworker")
        .order_by("role")
    )
    return render(
        request,
        "continuity/secondary.html",
        {
            "case": case,
            "child": case.child,
            "form": form,
            "current": current,
            "missing": selectors.secondary_missing(case),
        },
    )


# --- My story so far -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def story(request, child_id):
    """The child's "my story so far", written with the child, with every earlier version."""
    child = access.access_child_by_id(request.user, child_id, purpose="child_story")
    versions = selectors.story_versions(child=child)
    current = versions[0] if versions else None
    initial = {"version": current.version if current else 0}
    if current is not None:
        initial |= {
            "text": current.text,
            "made_with_child": current.made_with_child,
            "child_approved_on": current.child_approved_on,
        }
    form = StoryForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def after_saving(_story):
            next_url = request.POST.get("next", "")
            # A path only: redirect() would take "foo" for the name of a view (a 500).
            if next_url.startswith("/") and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(next_url)
            return redirect("continuity:story", child_id=child.pk)

        saved = edit_save(
            request,
            form,
            lambda: services.story_update(
                actor=request.user,
                child=child,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
                made_with_child=form.cleaned_data["made_with_child"],
                child_approved_on=form.cleaned_data["child_approved_on"],
            ),
            success=_('"My story so far" is saved.'),
            done=after_saving,
            back_url=reverse("continuity:story", kwargs={"child_id": child.pk}),
            subject=_('"My story so far" for %(name)s') % {"name": child.full_name},
        )
        if saved is not None:
            return saved
    return render(
        request,
        "continuity/story.html",
        {
            "child": child,
            "form": form,
            "current": current,
            "versions": versions,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )
