"""The leaders' pages of the youth survey: the rounds, opening one, a round's report, its CSV,
paper answers and "what we will do". No page shows a child or a single response: the figures
are aggregated and suppressed (selectors/report.py), so these pages log no child access. Team
leaders and administrators only; caseworkers get 403."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.accounts.models import Role, Team
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.core.pdf import pdf_ua_from_html
from stemme.survey import csv_export, selectors, services
from stemme.survey.forms import ActionForm, ItemForm, PaperForm, WaveForm
from stemme.survey.selectors import report as report_selectors


def _leader_or_administrator(request) -> None:
    user = request.user
    if user.role not in (Role.TEAM_LEADER, Role.ADMINISTRATOR) or user.municipality_id is None:
        raise PermissionDenied


def _wave(request, wave_id):
    _leader_or_administrator(request)
    wave = selectors.wave_for(user=request.user, wave_id=wave_id)
    if wave is None:
        raise Http404
    return wave


def _teams_to_choose(user):
    if user.role == Role.TEAM_LEADER:
        return user.teams.order_by("name")
    return Team.objects.filter(municipality_id=user.municipality_id).order_by("name")


@require_http_methods(["GET", "POST"])
@login_required
@once_per_token
def waves(request):
    _leader_or_administrator(request)
    today = timezone.localdate()
    form = WaveForm(
        request.POST or None,
        teams=_teams_to_choose(request.user),
        initial={"opens_on": today, "closes_on": today + dt.timedelta(days=28)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The round is open. %(count)s young people are invited in Min sag.")
                % {"count": wave.invited},
            )
            return redirect("survey:wave", wave.pk)
    return render(
        request,
        "survey/waves.html",
        {"form": form, "rows": selectors.waves_for(user=request.user), "today": today},
    )


def _team_asked(request, wave):
    team_id = request.GET.get("team", "")
    if not team_id:
        return None
    teams = {str(team.pk): team for team in selectors.wave_teams(wave)}
    return teams.get(team_id)


@require_http_methods(["GET", "POST"])
@login_required
@once_per_token
def questions(request):
    """The questionnaire the next round will use: VIVE's items (locked) and the municipality's
    own, which a leader or administrator adds and removes (each change a new version)."""
    _leader_or_administrator(request)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The question is added. The next round asks it."))
            return redirect("survey:questions")
    instrument, items = selectors.questionnaire_shown(municipality_id=request.user.municipality_id)
    return render(
        request,
        "survey/questions.html",
        {"instrument": instrument, "items": items, "form": form},
    )


@require_POST
@login_required
def question_remove(request, item_id):
    _leader_or_administrator(request)
    try:
        services.item_remove(actor=request.user, item_id=item_id)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question is removed. Rounds already opened keep it."))
    return redirect("survey:questions")


@require_GET
@login_required
def wave(request, wave_id):
    wave = _wave(request, wave_id)
    team = _team_asked(request, wave)
    report = report_selectors.wave_report(wave=wave, team=team)
    waves_, trend_rows = (
        report_selectors.trends(wave=wave) if wave.closed_at is not None else ([], [])
    )
    return render(
        request,
        "survey/wave.html",
        {
            "wave": wave,
            "report": report,
            "teams": selectors.wave_teams(wave),
            "team_asked": team,
            "trend_waves": waves_,
            "trend_rows": trend_rows,
            "actions": list(wave.actions.all()),
            "action_form": ActionForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
def wave_close(request, wave_id):
    wave = _wave(request, wave_id)
    services.wave_close(actor=request.user, wave=wave)
    messages.success(request, _("The round is closed. The figures below are final."))
    return redirect("survey:wave", wave.pk)


@require_GET
@login_required
def wave_csv(request, wave_id):
    wave = _wave(request, wave_id)
    team = _team_asked(request, wave)
    report = report_selectors.wave_report(wave=wave, team=team)
    if not report.shown:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ungeundersoegelse.csv"'
    csv_export.report_write(report, response)
    return response


@require_GET
@login_required
def wave_pdf(request, wave_id):
    """The report as a tagged PDF (PDF/UA-1) for a committee: the same figures and suppression,
    without the free text."""
    wave = _wave(request, wave_id)
    report = report_selectors.wave_report(wave=wave, team=_team_asked(request, wave))
    if not report.shown:
        raise Http404
    html = render_to_string(
        "survey/report_pdf.html",
        {"wave": wave, "report": report, "actions": list(wave.actions.all())},
        request=request,
    )
    response = HttpResponse(
        pdf_ua_from_html(html, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = 'attachment; filename="ungeundersoegelse.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
@once_per_token
def wave_paper(request, wave_id):
    wave = _wave(request, wave_id)
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            responses = services.paper_csv_parse(wave=wave, text=form.cleaned_data["file"])
            count = services.paper_responses_record(
                actor=request.user, wave=wave, responses=responses
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("%(count)s paper questionnaires are recorded.") % {"count": count}
            )
            return redirect("survey:wave", wave.pk)
    items = list(selectors.wave_items(wave))
    return render(
        request,
        "survey/paper.html",
        {"wave": wave, "form": form, "items": items, "strata": services.PAPER_STRATA},
    )


@require_POST
@login_required
@once_per_token
def action_add(request, wave_id):
    wave = _wave(request, wave_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.action_record(actor=request.user, wave=wave, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved. The young people see it in Min sag."))
            return redirect("survey:wave", wave.pk)
    team = None
    report = report_selectors.wave_report(wave=wave, team=team)
    return render(
        request,
        "survey/wave.html",
        {
            "wave": wave,
            "report": report,
            "teams": selectors.wave_teams(wave),
            "team_asked": None,
            "trend_waves": [],
            "trend_rows": [],
            "actions": list(wave.actions.all()),
            "action_form": form,
            "today": timezone.localdate(),
        },
        status=400,
    )
