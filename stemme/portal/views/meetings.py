"""Min sag: "My meetings", one meeting (topics and wishes), and feedback after a meeting.

Every form is a plain POST that redirects back to the page (with a short "sent" flag in the
query string, no personal data), so it works without JavaScript. Each meeting is looked up
through the account's own child: another child's meeting, or a guessed id, is a 404. A parent
sees only the list of upcoming meetings; the meeting and feedback pages are 404 for parents.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.children.models import Smiley
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.meetings.models import MeetingFeedback, MeetingStatus, MeetingWishKind
from stemme.portal.selectors import meetings as selectors
from stemme.portal.services import meetings as services
from stemme.portal.session import portal_login_required
from stemme.portal.views.common import portal_render

OTHER = "other"
SENT_FLAGS = {"emne": "topic", "oenske": "place_time", "bisidder": "bisidder"}


# --- Forms (input shape only; the services check the rules) ----------------------------------


class TopicForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to talk about?"),
        max_length=services.TOPIC_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write what you want to talk about.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="topic", **kwargs)


class PlaceTimeForm(forms.Form):
    words = forms.CharField(
        label=_("Where and when would you like to meet?"),
        help_text=_("For example: at school, after 2 pm."),
        max_length=services.WISH_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write where and when you would like to meet.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="place", **kwargs)


class BisidderForm(forms.Form):
    """One of the child's registered bisiddere who may come, or a name in the child's words."""

    bisidder = forms.ChoiceField(
        label=_("Who do you want to bring?"), required=False, widget=forms.RadioSelect
    )
    words = forms.CharField(
        label=_("Name of the grown-up"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, bisiddere=(), **kwargs):
        super().__init__(*args, prefix="bisidder", **kwargs)
        self.bisiddere = {str(b.pk): b for b in bisiddere}
        self.fields["bisidder"].choices = [(pk, b.name) for pk, b in self.bisiddere.items()] + [
            (OTHER, _("Someone else"))
        ]
        if self.bisiddere:
            self.fields["words"].label = _("Someone else? Write the name here.")

    def clean(self):
        data = super().clean()
        choice = data.get("bisidder") or OTHER
        data["chosen"] = None if choice == OTHER else self.bisiddere.get(choice)
        if data["chosen"] is None:
            if not (data.get("words") or "").strip() and "words" not in self.errors:
                self.add_error("words", _("Choose your bisidder, or write a name."))
        else:
            data["words"] = ""  # the chosen bisidder is the wish; a typed name is not
        return data


class FeedbackForm(forms.Form):
    smiley = forms.TypedChoiceField(
        label=_("How was the meeting?"),
        choices=Smiley.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a face.")},
    )
    heard = forms.ChoiceField(
        label=_("Did the adults listen to you?"),
        choices=MeetingFeedback.Heard.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    words = forms.CharField(
        label=_("Anything else?"),
        max_length=services.FEEDBACK_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Pages -----------------------------------------------------------------------------------


@require_GET
@portal_login_required
def meetings(request):
    account = request.portal_account
    return portal_render(
        request, "portal/meetings.html", {"list": selectors.meetings_for_account(account=account)}
    )


def _meeting_url(meeting, flag: str = "") -> str:
    url = reverse("portal:meeting", kwargs={"meeting_id": meeting.pk})
    return f"{url}?sendt={flag}#sent" if flag else url


@require_http_methods(["GET", "POST"])
@portal_login_required
@once_per_token
def meeting(request, meeting_id):
    account = request.portal_account
    meeting = selectors.meeting_for_account(account=account, meeting_id=meeting_id)
    page = selectors.meeting_page(account=account, meeting=meeting)
    topic_form = TopicForm()
    place_form = PlaceTimeForm()
    bisidder_form = BisidderForm(bisiddere=page.bisiddere)
    form = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "topic":
            topic_form = TopicForm(request.POST)
            form, run, flag = (
                topic_form,
                lambda data: services.meeting_topic_add(
                    account=account, meeting=meeting, text=data["text"]
                ),
                "emne",
            )
        elif action == "place_time":
            place_form = PlaceTimeForm(request.POST)
            form, run, flag = (
                place_form,
                lambda data: services.meeting_wish_send(
                    account=account,
                    meeting=meeting,
                    kind=MeetingWishKind.PLACE_TIME,
                    words=data["words"],
                ),
                "oenske",
            )
        elif action == "bisidder":
            bisidder_form = BisidderForm(request.POST, bisiddere=page.bisiddere)
            form, run, flag = (
                bisidder_form,
                lambda data: services.meeting_wish_send(
                    account=account,
                    meeting=meeting,
                    kind=MeetingWishKind.BISIDDER,
                    words=data["words"],
                    bisidder=data["chosen"],
                ),
                "bisidder",
            )
        else:
            raise Http404
        if form.is_valid():
            try:
                run(form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(_meeting_url(meeting, flag))
    return portal_render(
        request,
        "portal/meeting.html",
        {
            "page": page,
            "meeting": meeting,
            "sent": SENT_FLAGS.get(request.GET.get("sendt", "")),
            "topic_form": topic_form,
            "place_form": place_form,
            "bisidder_form": bisidder_form,
            "posted_form": form if request.method == "POST" else None,
        },
    )


@require_http_methods(["GET", "POST"])
@portal_login_required
@once_per_token
def meeting_feedback(request, meeting_id):
    account = request.portal_account
    meeting = selectors.meeting_for_account(account=account, meeting_id=meeting_id)
    if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
        raise Http404
    feedback = selectors.feedback_for(account=account, meeting=meeting)
    context = {"meeting": meeting, "feedback": feedback, "thanks": "tak" in request.GET}
    if feedback is not None:
        # Told us already (perhaps in another tab): thank them, change nothing.
        context["already"] = request.method == "POST" or not context["thanks"]
        return portal_render(request, "portal/meeting_feedback.html", context)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_feedback_give(account=account, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            url = reverse("portal:meeting_feedback", kwargs={"meeting_id": meeting.pk})
            return redirect(f"{url}?tak=1")
    return portal_render(request, "portal/meeting_feedback.html", {**context, "form": form})
