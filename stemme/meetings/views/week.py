"""The week view ("Min uge", "Teamets uge"), moving a meeting from it, and a meeting's calendar
invitation (.ics): the caseworker's own copy, and one for a participant — never for someone
the child's safety restriction names."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.audit import services as audit
from stemme.core.conflicts import edit_save
from stemme.meetings import selectors, services
from stemme.meetings.forms import MeetingMoveForm
from stemme.meetings.models import MeetingParticipant, MeetingStatus

WEEK_PARAM = "uge"


def _week_url(week: str) -> str:
    return f"{reverse('meetings:week')}?{WEEK_PARAM}={week}"


def _week_page(request, monday, *, failed=None, status=200):
    """The week from ``monday``; ``failed``: a move form sent with errors, shown on its meeting."""
    week = selectors.week_for(user=request.user, monday=monday)
    audit.access_log_children(user=request.user, children=week.children, purpose="week")
    for day in week.days:
        for meeting in day.meetings:
            if failed is not None and failed.meeting.pk == meeting.pk:
                meeting.move_form = failed
            elif meeting.status == MeetingStatus.PLANNED:
                meeting.move_form = MeetingMoveForm(meeting=meeting, week=week.label)
    return render(request, "meetings/week.html", {"week": week}, status=status)


@require_GET
@staff_with_child_access
def week(request):
    """Min uge / Teamets uge: Monday to Sunday, ``?uge=2026-W49`` or a date."""
    today = timezone.localdate()
    return _week_page(request, selectors.week_start(request.GET.get(WEEK_PARAM), today=today))


@require_POST
@staff_with_child_access
def meeting_move(request, meeting_id):
    """Move a meeting to a new day and time from the week page (``services.meeting_update``:
    the meeting is planned again under its ref, and its calendar sequence grows)."""
    meeting = selectors.access_meeting_by_id(request.user, meeting_id, purpose="meeting_prepare")
    form = MeetingMoveForm(request.POST, meeting=meeting)
    form.meeting = meeting
    today = timezone.localdate()
    own_week = selectors.week_label(timezone.localdate(meeting.starts_at))
    sent_week = request.POST.get(WEEK_PARAM, "")
    back = selectors.week_label(selectors.week_start(sent_week or own_week, today=today))
    valid = form.is_valid()
    saved = edit_save(
        request,
        form,
        lambda: services.meeting_update(
            actor=request.user,
            meeting=meeting,
            expected_version=form.cleaned_data["version"] or 0,
            starts_at=form.starts_at(),
        ),
        success=lambda moved: (
            _("The meeting is moved to %(when)s.")
            % {"when": date_format(timezone.localtime(moved.starts_at), "l j. F \\k\\l. H.i")}
        ),
        done=lambda _moved: redirect(_week_url(back)),
        back_url=_week_url(back),
        subject=meeting.purpose_for_child,
        mine={"starts_at": form.starts_at()} if valid else None,
    )
    if saved is not None:
        return saved
    # Shown again on the meeting's own week, where its form is.
    monday = selectors.week_start(own_week, today=today)
    return _week_page(request, monday, failed=form)


def _ics(meeting) -> HttpResponse:
    response = HttpResponse(
        selectors.meeting_calendar(meeting=meeting), content_type=selectors.ICS_MEDIA_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{selectors.calendar_filename(meeting)}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_with_child_access
def meeting_ics(request, meeting_id):
    """The caseworker's own calendar copy of the meeting."""
    return _ics(selectors.access_meeting_by_id(request.user, meeting_id, purpose="meeting"))


@require_GET
@staff_with_child_access
def participant_ics(request, meeting_id, participant_id):
    """The invitation for one participant, to pass on; refused (403) for anyone the child's
    safety restriction names: they receive nothing about the child."""
    meeting = selectors.access_meeting_by_id(request.user, meeting_id, purpose="meeting_prepare")
    participant = (
        MeetingParticipant.objects.filter(pk=participant_id, meeting=meeting)
        .select_related("person", "network_member")
        .first()
    )
    if participant is None:
        raise access.nested_refused(
            under=meeting,
            kind="meeting_participant",
            nested_id=participant_id,
            purpose="meeting_prepare",
            own=MeetingParticipant.objects.filter(meeting=meeting),
        )
    if selectors.participant_restricted(meeting=meeting, participant=participant):
        return render(
            request,
            "meetings/ics_refused.html",
            {"meeting": meeting, "participant": participant, "child": meeting.case.child},
            status=403,
        )
    return _ics(meeting)
