"""Ledelsestilsyn: drawing the month's cases, answering a review's checklist, and the
caseworker's side (reading the review, marking its actions done)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.dashboards.forms import DEFAULT_MONTHS
from stemme.dashboards.selectors import Period
from stemme.oversight import checklist, services
from stemme.oversight.forms import DrawForm, FindingsForm, ReviewForm, SecondReviewForm
from stemme.oversight.models import Answer, ReviewStatus
from stemme.oversight.selectors import reviews as review_selectors


def _leader(request) -> None:
    if request.user.role != Role.TEAM_LEADER:
        raise PermissionDenied


def _month_asked(request, today):
    value = request.GET.get("maaned", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        asked = today.replace(year=year, month=month, day=1)
    except ValueError:
        return today.replace(day=1)
    return asked if asked <= today else today.replace(day=1)


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def reviews(request):
    """The month's reviews, drawing a sample, and what the reviews found (12 months)."""
    _leader(request)
    user = request.user
    today = timezone.localdate()
    month = _month_asked(request, today)
    form = DrawForm(request.POST or None, today=today, initial={"month": month})
    if request.method == "POST" and form.is_valid():
        try:
            drawn = services.sample_draw(actor=user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if drawn:
                messages.success(
                    request, _("%(count)s cases are drawn for review.") % {"count": len(drawn)}
                )
            else:
                messages.info(request, _("No case matched: nothing was drawn."))
            return redirect(f"{request.path}?maaned={form.cleaned_data['month']:%Y-%m}")
    rows = review_selectors.reviews_for_month(leader=user, month=month)
    audit.access_log_children(
        user=user,
        children={row.case.child_id: row.case.child for row in rows}.values(),
        purpose="oversight_reviews",
    )
    teams = list(user.teams.all())
    themes = review_selectors.review_themes(municipality_id=user.municipality_id, teams=teams)
    asked = FindingsForm(
        request.GET if "start" in request.GET else None, today=today, teams=teams, themes=themes
    )
    period = Period.last_months(DEFAULT_MONTHS, today=today)
    counted, theme = teams, ""
    if asked.is_bound and asked.is_valid():
        period = asked.cleaned_data["period"]
        counted = [asked.cleaned_data["team"]] if asked.cleaned_data["team"] else teams
        theme = asked.cleaned_data.get("tema", "")
    firsts = [row for row in rows if row.first_id is None]
    found = {"municipality_id": user.municipality_id, "teams": counted, "period": period}
    return render(
        request,
        "oversight/reviews.html",
        {
            "form": form,
            "month": month,
            "previous_month": (month - dt.timedelta(days=1)).replace(day=1),
            "next_month": (
                None
                if month >= today.replace(day=1)
                else (month + dt.timedelta(days=32)).replace(day=1)
            ),
            "rows": rows,
            "done": sum(1 for row in firsts if row.status == ReviewStatus.DONE),
            "firsts": len(firsts),
            "findings_form": asked,
            "theme": theme,
            "findings": review_selectors.findings(**found, theme=theme),
            "team_findings": review_selectors.findings_by_team(**found, theme=theme),
            "calibration": review_selectors.calibration(
                municipality_id=user.municipality_id, teams=teams
            ),
            "period": period,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def review(request, review_id):
    """The reviewer answers the checklist; anyone else who may read the review (the
    caseworker it concerns, a leader of the case) sees it read-only."""
    user = request.user
    found = review_selectors.review_for(user, review_id)
    audit.access_log_children(user=user, children=[found.case.child], purpose="oversight_review")
    groups = checklist.groups_for(found.case.stage)
    answers = {answer.item: answer for answer in found.answers.all()}
    is_reviewer = user.pk == found.reviewer_id
    form = None
    if is_reviewer:
        initial = {"version": found.version, "summary": found.summary}
        for key, answer in answers.items():
            initial[f"answer_{key}"] = answer.answer
            initial[f"note_{key}"] = answer.note
        form = ReviewForm(
            request.POST if request.method == "POST" else None,
            groups=groups,
            today=timezone.localdate(),
            initial=initial,
        )
        if request.method == "POST":
            response = edit_save(
                request,
                form,
                lambda: services.review_record(
                    actor=user,
                    review=found,
                    version=form.cleaned_data["version"],
                    answers=form.cleaned_data["answers"],
                    summary=form.cleaned_data["summary"],
                    actions=form.cleaned_data["actions"],
                ),
                success=_("The review is saved. The caseworker can read it."),
                done=lambda _result: redirect("oversight:review", found.pk),
                back_url=request.path,
                subject=_("Case review: %(name)s") % {"name": found.case.child.full_name},
            )
            if response is not None:
                return response
    elif request.method == "POST":
        raise PermissionDenied
    seconds = list(found.second_reviews.all())
    return render(
        request,
        "oversight/review.html",
        {
            "review": found,
            "groups": [
                (group, [(item, answers.get(item.key)) for item in group.items]) for group in groups
            ],
            "form": form,
            "is_reviewer": is_reviewer,
            "actions": list(found.actions.select_related("owner")),
            "second_form": (
                SecondReviewForm(reviewers=review_selectors.second_reviewers(leader=user))
                if is_reviewer and found.first_id is None and not seconds
                else None
            ),
            "seconds": seconds,
            "answer_labels": dict(Answer.choices),
        },
    )


@require_POST
@staff_with_child_access
def review_second(request, review_id):
    _leader(request)
    found = review_selectors.review_for(request.user, review_id)
    form = SecondReviewForm(
        request.POST, reviewers=review_selectors.second_reviewers(leader=request.user)
    )
    if form.is_valid():
        try:
            services.second_review_request(
                actor=request.user,
                review=found,
                reviewer=form.reviewers[form.cleaned_data["reviewer"]],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The second reviewer has the case on their list."))
    else:
        messages.error(request, _("Choose another team leader in the municipality."))
    return redirect("oversight:review", found.pk)


@require_POST
@staff_with_child_access
def review_action_done(request, action_id):
    """The caseworker marks an action from a review done."""
    action = review_selectors.review_action_for(request.user, action_id)
    services.review_action_done(actor=request.user, action=action)
    messages.success(request, _("The action is marked done."))
    return redirect("deadlines:worklist")
