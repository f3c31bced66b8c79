"""Staff pages for meetings with the child: plan, prepare with the child, send, hold, sum up.

Every write is a plain form POST that redirects back to the meeting page; when the service
refuses, the meeting page is shown again with the message on the form that was sent.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.audit.models import AccessAction
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.meetings import selectors, services
from stemme.meetings.forms import (
    AgendaItemForm,
    CancelForm,
    DeliverForm,
    HoldForm,
    InviteForm,
    MeetingForm,
    ParticipantForm,
    SendAgendaForm,
    SummaryForm,
)
from stemme.meetings.models import AgendaItem, MeetingParticipant, MeetingWish
from stemme.participation import selectors as participation

MEETING_FIELDS = services.EDITABLE_FIELDS


def _meeting(request, meeting_id, purpose="meeting"):
    return selectors.access_meeting_by_id(request.user, meeting_id, purpose=purpose)


def _to_meeting(meeting, anchor=""):
    url = reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- the case's meetings and planning -----------------------------------------------------------


@require_GET
@staff_with_child_access
def case_meetings(request, case_id):
    case = access.access_case_by_id(request.user, case_id, purpose="meetings")
    meetings = selectors.meetings_for_case(case=case)
    return render(
        request,
        "meetings/case_meetings.html",
        {
            "case": case,
            "child": case.child,
            "meetings": meetings,
            "trend": selectors.feedback_trend(meetings=meetings),
            "topics": selectors.child_topics(child=case.child),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def meeting_plan(request, case_id):
    case = access.access_case_by_id(request.user, case_id, purpose="meeting_plan")
    form = MeetingForm(
        request.POST or None,
        default_start=selectors.default_meeting_start(municipality=case.child.municipality),
    )
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in MEETING_FIELDS}
        try:
            meeting = services.meeting_plan(actor=request.user, case=case, **values)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The meeting is planned. Now add who comes and the agenda.")
            )
            return _to_meeting(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "case": case,
            "child": case.child,
            "form": form,
            "meeting": None,
            "profile": participation.current_profile(child=case.child),
            "topics": selectors.child_topics(child=case.child),
        },
    )


# --- one meeting ---------------------------------------------------------------------------------


def _detail(request, meeting, status=200, **forms):
    page = selectors.meeting_page(meeting=meeting)
    child = meeting.case.child
    summary_initial = {
        "summary_for_child": meeting.summary_for_child,
        "child_understood": meeting.child_understood or None,
        "understood_note": meeting.understood_note,
        "version": meeting.version,
        "next_time_topics": "\n".join(
            topic.text for topic in page.topics if topic.used_in_id is None
        ),
    }
    context = {
        "meeting": meeting,
        "case": meeting.case,
        "child": child,
        "page": page,
        "portal": selectors.staff_meeting_portal(meeting=meeting),
        "profile": participation.current_profile(child=child),
        "participant_form": ParticipantForm(child=child),
        "item_form": AgendaItemForm(),
        "agenda_form": SendAgendaForm(),
        "invite_form": InviteForm(),
        "hold_form": HoldForm(meeting=meeting),
        "summary_form": SummaryForm(initial=summary_initial),
        "deliver_form": DeliverForm(),
        "cancel_form": CancelForm(),
        **forms,
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


@require_GET
@staff_with_child_access
def meeting_detail(request, meeting_id):
    return _detail(request, _meeting(request, meeting_id))


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def meeting_edit(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    form = MeetingForm(request.POST or None, instance=meeting, initial={"version": meeting.version})
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.meeting_update(
                actor=request.user,
                meeting=meeting,
                expected_version=form.cleaned_data["version"] or 0,
                **{field: form.cleaned_data[field] for field in MEETING_FIELDS},
            ),
            success=_("The meeting is updated."),
            done=lambda _meeting: _to_meeting(meeting),
            back_url=reverse("meetings:edit", kwargs={"meeting_id": meeting.pk}),
            subject=meeting.purpose_for_child,
        )
        if saved is not None:
            return saved
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "case": meeting.case,
            "child": meeting.case.child,
            "form": form,
            "meeting": meeting,
            "profile": participation.current_profile(child=meeting.case.child),
            "topics": [],
        },
    )


@require_GET
@staff_with_child_access
def child_agenda(request, meeting_id):
    """The agenda for the child: plain words, large type, printable.

    This page exists to be printed (or shown to the child), so its access is logged as a print.
    """
    meeting = selectors.access_meeting_by_id(
        request.user, meeting_id, purpose="meeting_agenda", action=AccessAction.PRINT
    )
    return render(request, "meetings/child_agenda.html", selectors.child_agenda(meeting=meeting))


def _post_action(request, meeting, form_name, form, run, success, anchor=""):
    """Run a service with a valid form; on refusal show the meeting page with the error, or
    the conflict page when the form was based on an older version of the meeting."""
    url = reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    saved = edit_save(
        request,
        form,
        lambda: run(form.cleaned_data),
        success=success,
        done=lambda _result: _to_meeting(meeting, anchor),
        back_url=f"{url}#{anchor}" if anchor else url,
        subject=meeting.purpose_for_child,
    )
    if saved is not None:
        return saved
    return _detail(request, meeting, **{form_name: form})


@require_POST
@staff_with_child_access
@once_per_token
def participant_add(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    form = ParticipantForm(request.POST, child=meeting.case.child)
    return _post_action(
        request,
        meeting,
        "participant_form",
        form,
        lambda data: services.meeting_participant_add(actor=request.user, meeting=meeting, **data),
        lambda participant: _("%(name)s is on the list.") % {"name": participant.name},
        "participants",
    )


@require_POST
@staff_with_child_access
def participant_remove(request, meeting_id, participant_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    participant = MeetingParticipant.objects.filter(pk=participant_id, meeting=meeting).first()
    if participant is None:
        raise access.nested_refused(
            under=meeting,
            kind="meeting_participant",
            nested_id=participant_id,
            purpose="meeting_prepare",
            own=MeetingParticipant.objects.filter(meeting=meeting),
        )
    participant.meeting = meeting
    try:
        services.meeting_participant_remove(actor=request.user, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s is no longer on the list.") % {"name": participant.name}
        )
    return _to_meeting(meeting, "participants")


@require_POST
@staff_with_child_access
@once_per_token
def item_add(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    return _post_action(
        request,
        meeting,
        "item_form",
        AgendaItemForm(request.POST),
        lambda data: services.meeting_agenda_item_add(actor=request.user, meeting=meeting, **data),
        _("The item is on the agenda."),
        "agenda",
    )


def _item(meeting, item_id) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).first()
    if item is None:
        raise access.nested_refused(
            under=meeting,
            kind="agenda_item",
            nested_id=item_id,
            purpose="meeting_prepare",
            own=AgendaItem.objects.filter(meeting=meeting),
        )
    item.meeting = meeting
    return item


@require_POST
@staff_with_child_access
def item_remove(request, meeting_id, item_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    item = _item(meeting, item_id)
    try:
        services.meeting_agenda_item_remove(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The item is removed from the agenda."))
    return _to_meeting(meeting, "agenda")


@require_POST
@staff_with_child_access
def item_move(request, meeting_id, item_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    item = _item(meeting, item_id)
    try:
        services.meeting_agenda_item_move(
            actor=request.user, item=item, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_meeting(meeting, "agenda")


@require_POST
@staff_with_child_access
def send_agenda(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    return _post_action(
        request,
        meeting,
        "agenda_form",
        SendAgendaForm(request.POST),
        lambda data: services.meeting_send_agenda(
            actor=request.user, meeting=meeting, channel=data["channel"]
        ),
        _("The agenda is sent to the child."),
        "before",
    )


def _invite_message(request, result) -> str:
    if result.blocked:
        messages.warning(
            request,
            _(
                "Not sent, because the child's safety restriction names them: %(names)s. "
                "They receive nothing about the child."
            )
            % {"names": ", ".join(participant.name for participant, _letter in result.blocked)},
        )
    if result.sent:
        return _("Invitations sent to: %(names)s.") % {
            "names": ", ".join(participant.name for participant, _letter in result.sent)
        }
    return ""


@require_POST
@staff_with_child_access
def invite(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    return _post_action(
        request,
        meeting,
        "invite_form",
        InviteForm(request.POST),
        lambda data: services.meeting_invite(
            actor=request.user, meeting=meeting, channel=data["channel"]
        ),
        lambda result: _invite_message(request, result),
        "before",
    )


@require_POST
@staff_with_child_access
def hold(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_after")
    return _post_action(
        request,
        meeting,
        "hold_form",
        HoldForm(request.POST),
        lambda data: services.meeting_hold(
            actor=request.user, meeting=meeting, held_on=data["held_on"]
        ),
        _("The meeting is recorded as held. Now write what was decided, for the child."),
        "after",
    )


@require_POST
@staff_with_child_access
def summary(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_after")
    return _post_action(
        request,
        meeting,
        "summary_form",
        SummaryForm(request.POST),
        lambda data: services.meeting_record_summary(
            actor=request.user,
            meeting=meeting,
            expected_version=data["version"] or 0,
            **{name: value for name, value in data.items() if name != "version"},
        ),
        _("The summary is saved."),
        "after",
    )


@require_POST
@staff_with_child_access
def deliver(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_after")
    return _post_action(
        request,
        meeting,
        "deliver_form",
        DeliverForm(request.POST),
        lambda data: services.meeting_deliver_summary(actor=request.user, meeting=meeting, **data),
        _("Recorded that the child was given the summary."),
        "after",
    )


@require_POST
@staff_with_child_access
def wish_handle(request, meeting_id, wish_id):
    """Mark one of the child's wishes from Min sag as handled (the child sees it was seen)."""
    meeting = _meeting(request, meeting_id, purpose="meeting_prepare")
    wish = selectors.wish_for_meeting(meeting=meeting, wish_id=wish_id)
    if wish is None:
        raise access.nested_refused(
            under=meeting,
            kind="meeting_wish",
            nested_id=wish_id,
            purpose="meeting_prepare",
            own=MeetingWish.objects.filter(meeting=meeting),
        )
    try:
        services.wish_handle(actor=request.user, wish=wish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The child's wish is marked as handled."))
    return _to_meeting(meeting, "from-min-sag")


@require_POST
@staff_with_child_access
def cancel(request, meeting_id):
    meeting = _meeting(request, meeting_id, purpose="meeting_after")
    return _post_action(
        request,
        meeting,
        "cancel_form",
        CancelForm(request.POST),
        lambda data: services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=data["reason"]
        ),
        _("The meeting is cancelled."),
    )
