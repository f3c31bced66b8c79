"""Portal: "tell my caseworker" (a mood check, three houses or free text) and my messages.

The child's pages only; a parent's account gets 404 here: a parent never sees what the child
tells the caseworker.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.children.models import Smiley
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.participation.models import MessageKind
from stemme.portal.selectors import alarms as alarm_selectors
from stemme.portal.selectors import messages as selectors
from stemme.portal.services import messages as services
from stemme.portal.session import portal_login_required
from stemme.portal.views.common import portal_render

SENT_FLAG = "sendt"


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows, "maxlength": services.MAX_LENGTH})


class UrgentMixin(forms.Form):
    """Every way of writing to the caseworker lets the child say it is urgent."""

    urgent = forms.BooleanField(
        label=_("It is urgent – I am scared or need help now"),
        required=False,
    )


class MoodForm(UrgentMixin):
    kind = forms.CharField(widget=forms.HiddenInput, initial=MessageKind.MOOD)
    mood = forms.ChoiceField(
        label=_("How are you?"),
        choices=Smiley.choices,
        widget=forms.RadioSelect,
        error_messages={"required": services.CHOOSE_A_FACE},
    )
    why = forms.CharField(
        label=_("Why?"),
        help_text=_("You can skip this."),
        required=False,
        widget=_textarea(3),
    )


class HousesForm(UrgentMixin):
    kind = forms.CharField(widget=forms.HiddenInput, initial=MessageKind.THREE_HOUSES)
    good_things = forms.CharField(
        label=_("The house of good things"),
        help_text=_("What is good in your life?"),
        required=False,
        widget=_textarea(),
    )
    worries = forms.CharField(
        label=_("The house of worries"),
        help_text=_("What worries you?"),
        required=False,
        widget=_textarea(),
    )
    dreams = forms.CharField(
        label=_("The house of dreams"),
        help_text=_("What do you wish for?"),
        required=False,
        widget=_textarea(),
    )


class FreeTextForm(UrgentMixin):
    kind = forms.CharField(widget=forms.HiddenInput, initial=MessageKind.FREE_TEXT)
    text = forms.CharField(
        label=_("Your message"),
        required=False,  # the service says what is missing, in the child's words
        widget=_textarea(6),
    )


FORMS = {
    MessageKind.MOOD: MoodForm,
    MessageKind.THREE_HOUSES: HousesForm,
    MessageKind.FREE_TEXT: FreeTextForm,
}


def _child_account(request):
    account = request.portal_account
    if account.is_parent:
        raise Http404
    return account


@require_http_methods(["GET", "POST"])
@portal_login_required
@once_per_token
def tell(request):
    """Choose how to tell (three big choices), then one small form. ``?vej=<kind>`` picks the
    form, so it all works without JavaScript."""
    account = _child_account(request)
    kind = request.POST.get("kind") if request.method == "POST" else request.GET.get("vej")
    form_class = FORMS.get(kind)
    if request.method == "POST" and form_class is None:
        raise Http404
    form = None
    if form_class is not None:
        form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.message_send(
                account=account,
                kind=kind,
                mood=data.get("mood"),
                why=data.get("why", ""),
                good_things=data.get("good_things", ""),
                worries=data.get("worries", ""),
                dreams=data.get("dreams", ""),
                text=data.get("text", ""),
                urgent=data.get("urgent", False),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(f"{reverse('portal:messages')}?{SENT_FLAG}=1")
    context = selectors.tell_page(account=account)
    context.update(form=form, kind=kind, kinds=MessageKind)
    return portal_render(request, "portal/tell.html", context)


@require_GET
@portal_login_required
def messages(request):
    """The child's own messages, newest first: read or not, and the answer."""
    account = _child_account(request)
    page = Paginator(
        selectors.messages_of_child(account=account), settings.STEMME_PAGE_SIZE
    ).get_page(request.GET.get("side"))
    rows = selectors.with_answer_dates(
        selectors.with_words(page.object_list), municipality=account.child.municipality
    )
    sent = rows[0] if request.GET.get(SENT_FLAG) and rows and page.number == 1 else None
    return portal_render(
        request,
        "portal/messages.html",
        {
            "page": page,
            "rows": rows,
            "sent": sent,
            "reader": selectors.message_reader(child=account.child) if sent else None,
            # Honest about when an adult reads an urgent message: the team's duty hours.
            "duty": alarm_selectors.urgent_reading(message=sent) if sent and sent.urgent else None,
        },
    )
