"""Staff: messages from children in Min sag — my inbox, the team's duty inbox, one message.

Every page shows child data, so each runs under ``staff_with_child_access`` and logs access to
the children it shows. A GET writes no events; reading a message is recorded only when the
caseworker marks it read (or answers it).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.access.selectors import access_child_by_id
from stemme.access.views import staff_with_child_access
from stemme.audit import services as audit
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.portal.selectors import alarms as alarm_selectors
from stemme.portal.selectors import messages as selectors
from stemme.portal.services import alarms as alarm_services
from stemme.portal.services import messages as services


class ReportForm(forms.Form):
    """ "Register as a report of concern": one click; two optional facts the caseworker may
    already know (both shape the deadlines: § 20 abuse rules)."""

    abuse = forms.BooleanField(label=_("It concerns abuse (overgreb)"), required=False)
    parent_suspected = forms.BooleanField(label=_("A parent is suspected"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer the child"),
        help_text=_(
            "The child sees the answer under the message in Min sag. Write short, plain "
            "sentences; no abbreviations or legal terms."
        ),
        required=False,  # the service says what is missing
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": services.MAX_ANSWER_LENGTH}),
    )


def _log_children(user, messages, purpose: str) -> None:
    children = {message.child_id: message.child for message in messages}
    audit.access_log_children(user=user, children=children.values(), purpose=purpose)


@require_GET
@staff_with_child_access
def inbox(request):
    """Messages from the children whose caseworker I am: unread first, then newest."""
    user = request.user
    now = timezone.now()
    page = Paginator(selectors.inbox_messages(user=user), settings.STEMME_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    rows = selectors.mark_escalated(
        selectors.with_words(page.object_list), municipality=user.municipality, now=now
    )
    _log_children(user, rows, purpose="portal_inbox")
    return render(
        request,
        "portal/staff_inbox.html",
        {
            "page": page,
            "rows": rows,
            "unread": selectors.inbox_unread_count(user=user),
            "duty_count": selectors.duty_inbox_count(user=user, now=now),
        },
    )


@require_GET
@staff_with_child_access
def duty_inbox(request):
    """Messages nobody has read in time, from the children on my teams' cases."""
    user = request.user
    now = timezone.now()
    page = Paginator(
        selectors.duty_inbox_messages(user=user, now=now), settings.STEMME_PAGE_SIZE
    ).get_page(request.GET.get("side"))
    rows = selectors.with_words(page.object_list)
    _log_children(user, rows, purpose="portal_inbox")
    return render(
        request,
        "portal/staff_inbox_duty.html",
        {
            "page": page,
            "rows": rows,
            "now": now,
            "hours": user.municipality.portal_escalate_after_hours,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def message_detail(request, message_id):
    """One message: what the child wrote, where it is filed, read/answered; mark read, answer."""
    message = selectors.message_by_id(message_id=message_id)
    if message is None:
        raise Http404
    child = access_child_by_id(request.user, message.child_id, purpose="portal_message")
    form = AnswerForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "read":
            services.message_mark_read(actor=request.user, message=message)
            return redirect("portal_staff:message", message_id=message.pk)
        if action == "acknowledge":
            try:
                alarm_services.alarm_acknowledge(actor=request.user, message=message)
            except ValidationError as error:
                raise Http404 from error  # no alarm on this message: nothing to acknowledge
            messages.success(request, _("You have acknowledged the alarm. It is recorded."))
            return redirect("portal_staff:message", message_id=message.pk)
        if action == "report":
            report_form = ReportForm(request.POST)
            report_form.is_valid()  # two optional ticks: always valid
            try:
                done = alarm_services.message_report(
                    actor=request.user,
                    message=message,
                    abuse=report_form.cleaned_data.get("abuse", False),
                    parent_suspected=report_form.cleaned_data.get("parent_suspected", False),
                )
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
                return redirect("portal_staff:message", message_id=message.pk)
            messages.success(
                request,
                _(
                    "The message is registered as the child's own report of concern. The "
                    "urgency must be assessed within 24 hours of when the child sent it."
                ),
            )
            return redirect("cases:detail", case_id=done.report.case_id)
        if action != "answer":
            raise Http404
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.message_answer(
                    actor=request.user, message=message, answer=form.cleaned_data["answer"]
                )
            except ValidationError as error:
                apply_errors(form, error)
                message = selectors.message_by_id(message_id=message.pk)  # show the answer
            else:
                return redirect("portal_staff:message", message_id=message.pk)
    message.words = selectors.message_words(message)
    selectors.mark_escalated([message], municipality=child.municipality)
    return render(
        request,
        "portal/staff_message.html",
        {
            "message": message,
            "child": child,
            "form": form,
            "hours": child.municipality.portal_escalate_after_hours,
            "answer_by": selectors.answer_expected_by(
                municipality=child.municipality, sent_at=message.created_at
            ),
            "report_form": ReportForm(),
            "recipients": alarm_selectors.alarm_recipients(message) if message.alarm else [],
        },
    )
