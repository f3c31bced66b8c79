"""Staff pages for continuity: the leader's "a caseworker leaves" screen, a handover's checklist,
starting a handover, the secondary caseworker, and the child's "my story so far"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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


def _handover_of(request, case_id, handover_id):
    """The case (access checked and logged) and its handover; another case's handover id is a
    refused probe."""
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
    return case, item


def _handover_url(case, item) -> str:
    return reverse("continuity:handover", kwargs={"case_id": case.pk, "handover_id": item.pk})


def _handover_page(request, case, item, *, step_forms=None, letter_form=None, parents_form=None):
    """The handover page, with the one form that was posted and refused (``step_forms`` holds
    the posted step's form by its key); every other form fresh from the saved handover."""
    child = case.child
    forms = {key: step_form(key, item) for key in STEP_FIELDS} | (step_forms or {})
    if letter_form is None:
        letter_form = LetterForm(
            initial={
                "channel": "letter",
                "text": services.handover_letter_default(item),
                "version": item.version,
            }
        )
    if parents_form is None:
        parents_form = NotifyParentsForm(initial={"version": item.version})
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
            "page_url": _handover_url(case, item),
            "status": status,
            "steps": [(step, forms[step.key]) for step in status.steps],
            "letter_form": letter_form,
            "parents_form": parents_form,
            "holders": holders,
            "letters": letter_selectors.letters_for_child(child=child, related_ref=item.ref),
            "story": story,
            "story_fresh_days": selectors.STORY_FRESH_DAYS,
        },
    )


def _version(form) -> int:
    """The handover version the form started from; a form without one is stale (-1 is never a
    handover's version), as it always was."""
    version = form.cleaned_data["version"]
    return -1 if version is None else version


def _handover_save(request, case, item, form, save, *, success, anchor):
    """One write on the handover page through the one edit path: back to the page, or the
    conflict page, or None (the page again with the form's errors)."""
    here = _handover_url(case, item)
    return edit_save(
        request,
        form,
        save,
        success=success,
        done=lambda _result: redirect(here),
        back_url=f"{here}#{anchor}",
        subject=_("Handover for %(name)s") % {"name": case.child.full_name},
    )


@require_GET
@staff_with_child_access
def handover(request, case_id, handover_id):
    """The handover checklist: each step done, explained or missing; the letter to the child
    with the new caseworker's photo; notices to the parents; the child's story. Each form on
    the page posts to its own address (below)."""
    case, item = _handover_of(request, case_id, handover_id)
    return _handover_page(request, case, item)


@require_POST
@staff_with_child_access
def handover_step(request, case_id, handover_id, step):
    """Record one step of the checklist: its date (done) or why it is not done."""
    case, item = _handover_of(request, case_id, handover_id)
    if step not in STEP_FIELDS:
        raise Http404
    form = step_form(step, item, request.POST)

    def save():
        fields = {name: form.cleaned_data[name] for name in STEP_FIELDS[step]}
        return services.handover_update(
            actor=request.user, handover=item, expected_version=_version(form), **fields
        )

    saved = _handover_save(
        request, case, item, form, save, success=_("Saved."), anchor=f"step-{step}"
    )
    if saved is not None:
        return saved
    return _handover_page(request, case, item, step_forms={step: form})


@require_POST
@staff_with_child_access
def handover_letter(request, case_id, handover_id):
    """Send the child the letter with the new caseworker's photo."""
    case, item = _handover_of(request, case_id, handover_id)
    form = LetterForm(request.POST)

    def save():
        return services.handover_send_letter(
            actor=request.user,
            handover=item,
            expected_version=_version(form),
            channel=form.cleaned_data["channel"],
            text=form.cleaned_data["text"],
        )

    saved = _handover_save(
        request,
        case,
        item,
        form,
        save,
        success=_("The letter to the child is sent."),
        anchor="letter",
    )
    if saved is not None:
        return saved
    return _handover_page(request, case, item, letter_form=form)


@require_POST
@staff_with_child_access
def handover_parents(request, case_id, handover_id):
    """Send each custody holder a notice of the new caseworker (not those the safety
    restriction names)."""
    case, item = _handover_of(request, case_id, handover_id)
    form = NotifyParentsForm(request.POST)

    def save():
        return services.handover_notify_parents(
            actor=request.user,
            handover=item,
            channel=form.cleaned_data["channel"],
            expected_version=_version(form),
        )

    def success(result):
        sent, blocked = result
        return _("Notices sent: %(sent)d. Stopped by the safety restriction: %(blocked)d.") % {
            "sent": len(sent),
            "blocked": len(blocked),
        }

    saved = _handover_save(request, case, item, form, save, success=success, anchor="parents")
    if saved is not None:
        return saved
    return _handover_page(request, case, item, parents_form=form)


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
