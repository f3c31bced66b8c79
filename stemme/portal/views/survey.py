"""Min sag: the youth survey ("Bliver du hørt?"). The child's own: a parent's account gets 404.

The child chooses whether they answer alone or with a trusted adult, then goes through a page
per topic: every question can be skipped, "Gem og stop" keeps what they answered (on the
invitation, which is the child's own) so they can go on later, and "Send" moves the answers to
the answer side, where nothing links them to the child. "Jeg vil gerne tale med nogen" on every
page opens the identified message route (portal:tell) — the survey itself is never read by the
caseworker. Plain POSTs that redirect, so it works without JavaScript.
"""

import contextlib

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stemme.core.forms import apply_errors
from stemme.notifications.sms import sms_adapter
from stemme.portal.forms import SmsNumberForm
from stemme.portal.services import accounts as portal_account_services
from stemme.portal.session import portal_login_required
from stemme.portal.views.common import portal_render
from stemme.survey import selectors as survey_selectors
from stemme.survey import services as survey_services
from stemme.survey.forms import PageForm, StartForm
from stemme.survey.selectors.report import min_cell

SAVED_FLAG = "gemt"


def _invitation(request):
    if request.portal_account.is_parent:
        raise Http404
    return survey_selectors.invitation_current(child=request.portal_account.child)


@require_http_methods(["GET", "POST"])
@portal_login_required
def start(request):
    """What the survey is, who sees what, and who answers; or "thank you" once sent; and what
    the municipality does about earlier rounds."""
    invitation = _invitation(request)
    child = request.portal_account.child
    form = StartForm(
        request.POST or None,
        initial={"answered_with": invitation.answered_with} if invitation else None,
    )
    error = None
    if request.method == "POST":
        if invitation is None or invitation.answered_on is not None:
            return redirect("portal:survey")
        if form.is_valid():
            try:
                survey_services.draft_save(
                    child=child,
                    invitation_id=invitation.pk,
                    answers={},
                    answered_with=form.cleaned_data["answered_with"],
                )
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                key = survey_selectors.first_page_key(invitation=invitation)
                return redirect("portal:survey_page", section=key)
    return portal_render(
        request,
        "portal/survey.html",
        {
            "invitation": invitation,
            "form": form,
            "error": error,
            "saved": request.GET.get(SAVED_FLAG) == "1",
            "answered": survey_selectors.answered_count(invitation=invitation) if invitation else 0,
            "actions": survey_selectors.actions_for_child(child=child),
            "min_cell": min_cell(),
            "sms_available": sms_adapter().available,
        },
        status=400 if form.errors or error else 200,
    )


@require_http_methods(["GET", "POST"])
@portal_login_required
def page(request, section):
    invitation = _invitation(request)
    if invitation is None or invitation.answered_on is not None:
        return redirect("portal:survey")
    child = request.portal_account.child
    survey_page = survey_selectors.survey_page(invitation=invitation, key=section)
    if survey_page is None:
        raise Http404
    form = PageForm(request.POST or None, questions=survey_page.questions)
    error = None
    if request.method == "POST" and form.is_valid():
        go = request.POST.get("go", "next")
        try:
            saved = survey_services.draft_save(
                child=child, invitation_id=invitation.pk, answers=form.cleaned_data
            )
            if go == "send":
                survey_services.response_submit(child=child, invitation_id=invitation.pk)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            if go == "send":
                return redirect("portal:survey")
            if go == "stop":
                return redirect(f"{reverse('portal:survey')}?{SAVED_FLAG}=1")
            # The answers may show or hide a later page (H1-H3 after H0): ask again.
            moved = survey_selectors.survey_page(invitation=saved, key=section)
            target = moved.previous if go == "previous" else moved.next
            if target is None:
                return redirect("portal:survey_page", section=section)
            return redirect("portal:survey_page", section=target)
    return portal_render(
        request,
        "portal/survey_page.html",
        {"invitation": invitation, "page": survey_page, "form": form, "error": error},
        status=400 if form.errors or error else 200,
    )


@require_POST
@portal_login_required
def send(request):
    """Send from the front page of the survey (the answers saved so far)."""
    invitation = _invitation(request)
    if invitation is None:
        raise Http404
    # Already sent, or the round closed: the survey's page says which.
    with contextlib.suppress(ValidationError):
        survey_services.response_submit(
            child=request.portal_account.child, invitation_id=invitation.pk
        )
    return redirect("portal:survey")


@require_http_methods(["GET", "POST"])
@portal_login_required
def sms(request):
    """The young person's choice of a content-free SMS ("Du har noget nyt i Min sag") when a
    survey opens and a week before it closes. Offered only where the municipality has an SMS
    gateway; removing the number is always possible."""
    account = request.portal_account
    if account.is_parent:
        raise Http404
    available = sms_adapter().available
    form = SmsNumberForm(request.POST or None, initial={"number": account.sms_number})
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]
        if number and not available:
            form.add_error("number", _("Your municipality does not send SMS from Min sag."))
        else:
            try:
                portal_account_services.sms_number_set(account=account, number=number)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(f"{reverse('portal:sms')}?{SAVED_FLAG}=1")
    return portal_render(
        request,
        "portal/sms.html",
        {
            "form": form,
            "available": available,
            "saved": request.GET.get(SAVED_FLAG) == "1",
            "sms_text": survey_services.SMS_TEXT,
        },
        status=400 if form.errors else 200,
    )
