"""Writes of leadership oversight: targets, committee snapshots, case reviews and their actions,
and the nightly figures per team (``team_days_record``).

Each write runs in one transaction with its event (stemme/audit/event_kinds.py, "oversight.*").
"""

import datetime as dt
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.accounts.models import Role, Team, User
from stemme.audit.services import event_record
from stemme.cases.models import AssignmentRole, CaseworkerAssignment
from stemme.core.conflicts import EditConflict, update_versioned
from stemme.core.pdf import pdf_ua_from_html
from stemme.operations.tasks import enqueue_on_commit
from stemme.oversight import checklist
from stemme.oversight.models import (
    Answer,
    CommitteeSnapshot,
    ExportStatus,
    PackExport,
    Review,
    ReviewAction,
    ReviewAnswer,
    ReviewStatus,
    SampleKind,
    Target,
    TeamDay,
)
from stemme.oversight.selectors import committee as committee_selectors
from stemme.oversight.selectors import history as history_selectors
from stemme.oversight.selectors import reviews as review_selectors

# A targeted sample never draws more cases than this at once: a month's review must be doable.
TARGETED_LIMIT = 10


def _leader_only(actor) -> None:
    if actor.role != Role.TEAM_LEADER or not actor.municipality_id:
        raise PermissionDenied


# --- Targets ----------------------------------------------------------------------------------


def target_set(*, actor, indicator: str, green_from: int, amber_from: int) -> Target:
    """The municipality's red/amber/green limits for a share (leaders and administrators)."""
    if actor.role not in (Role.TEAM_LEADER, Role.ADMINISTRATOR) or not actor.municipality_id:
        raise PermissionDenied
    if not (0 <= amber_from <= 100 and 0 <= green_from <= 100):
        raise ValidationError({"green_from": _("A target is a percentage from 0 to 100.")})
    with transaction.atomic():
        target, _created = Target.objects.select_for_update().get_or_create(
            municipality_id=actor.municipality_id,
            indicator=indicator,
            defaults={"green_from": green_from, "amber_from": amber_from},
        )
        if not _created:
            Target.objects.filter(pk=target.pk).update(
                green_from=green_from, amber_from=amber_from, version=target.version + 1
            )
            target.refresh_from_db()
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="oversight.target_set",
            ref=f"target:{indicator}",
            data={"green_from": green_from, "amber_from": amber_from},
        )
    return target


# --- The committee pack -----------------------------------------------------------------------


def snapshot_make(
    *, actor, scope, team, period, title: str, comment: str, scope_label: str = "", now=None
) -> CommitteeSnapshot:
    """Freeze the committee pack as counted now: suppressed figures, definitions' versions."""
    _leader_only(actor)
    now = now or timezone.now()
    figures = committee_selectors.committee_figures(
        scope=scope, period=period, now=now, municipality_id=actor.municipality_id
    )
    figures["scope_label"] = scope_label
    with transaction.atomic():
        snapshot = CommitteeSnapshot.objects.create(
            municipality_id=actor.municipality_id,
            team=team,
            title=title.strip(),
            period_start=period.start,
            period_end=period.end,
            counted_at=now,
            figures=figures,
            comment=comment.strip(),
            made_by=actor,
        )
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="oversight.snapshot_made",
            ref=f"committee_snapshot:{snapshot.pk}",
            data={"title": snapshot.title},
        )
    return snapshot


# --- The pack's PDF as a task -----------------------------------------------------------------

# How long a finished PDF can be downloaded.
EXPORT_HOURS = 24


def _pdf_task():
    # Why here: tasks.py imports this module (the task calls pack_export_render).
    from stemme.oversight.tasks import pack_pdf_render  # noqa: PLC0415

    return pack_pdf_render


def pack_export_request(*, actor, snapshot: CommitteeSnapshot, now=None) -> PackExport:
    """Ask the worker for the pack's PDF. The same leader asking again while one is being made
    or can still be downloaded gets that one (a double click makes one file)."""
    _leader_only(actor)
    now = now or timezone.now()
    with transaction.atomic():
        CommitteeSnapshot.objects.select_for_update().filter(pk=snapshot.pk).first()
        current = (
            PackExport.objects.filter(snapshot=snapshot, requested_by=actor)
            .exclude(status=ExportStatus.FAILED)
            .exclude(expires_at__lte=now)
            .order_by("-requested_at")
            .first()
        )
        if current is not None:
            return current
        export = PackExport.objects.create(snapshot=snapshot, requested_by=actor, requested_at=now)
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="oversight.pack_export_requested",
            ref=f"committee_snapshot:{snapshot.pk}",
            data={"export": str(export.pk)},
        )
        enqueue_on_commit(_pdf_task(), str(export.pk))
    return export


def _progress(export_id, progress: int, **values) -> None:
    PackExport.objects.filter(pk=export_id).update(progress=progress, **values)


def pack_export_render(*, export_id: str) -> str:
    """Make the PDF of one export, reporting progress as it goes; keep it ``EXPORT_HOURS``.
    Expired files are dropped at the same time (the table keeps who asked and when)."""
    export = (
        PackExport.objects.select_related("snapshot__municipality").filter(pk=export_id).first()
    )
    if export is None or export.status == ExportStatus.DONE:
        return "nothing to do"
    now = timezone.now()
    PackExport.objects.filter(expires_at__lte=now).exclude(content=None).update(content=None)
    _progress(export.pk, 10, status=ExportStatus.RUNNING)
    try:
        html = render_to_string(
            "oversight/committee_pdf.html", committee_selectors.pack_context(export.snapshot)
        )
        _progress(export.pk, 40)
        content = pdf_ua_from_html(html, base_url=None)
    except Exception:
        _progress(export.pk, 0, status=ExportStatus.FAILED)
        raise
    finished = timezone.now()
    _progress(
        export.pk,
        100,
        status=ExportStatus.DONE,
        content=content,
        finished_at=finished,
        expires_at=finished + dt.timedelta(hours=EXPORT_HOURS),
    )
    return f"{len(content)} bytes"


def pack_export_download(*, actor, export: PackExport, now=None) -> bytes:
    """The finished PDF, counted and recorded as downloaded; refused once it has expired."""
    now = now or timezone.now()
    if export.requested_by_id != actor.pk:
        raise PermissionDenied
    if export.status != ExportStatus.DONE or export.content is None or export.expires_at <= now:
        raise ValidationError(_("The file has expired. Make the PDF again."))
    with transaction.atomic():
        PackExport.objects.filter(pk=export.pk).update(downloads=F("downloads") + 1)
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="oversight.pack_downloaded",
            ref=f"committee_snapshot:{export.snapshot_id}",
            data={"export": str(export.pk)},
        )
    return bytes(export.content)


# --- Case reviews (ledelsestilsyn) ------------------------------------------------------------


def _primary_of(case_ids) -> dict:
    return dict(
        CaseworkerAssignment.objects.filter(
            case_id__in=case_ids, role=AssignmentRole.PRIMARY, ended_on__isnull=True
        ).values_list("case_id", "caseworker_id")
    )


def sample_draw(
    *, actor, month: dt.date, kind: str, theme: str = "", rng: random.Random | None = None
) -> list[Review]:
    """Draw this month's cases for review among the leader's own teams' open cases.

    Random: one case per caseworker. Stratified: one case per stage. Targeted: the cases the
    criterion finds (at most ``TARGETED_LIMIT``, drawn at random among them). A case already
    drawn for the month is not drawn again."""
    _leader_only(actor)
    if kind not in SampleKind.values:
        raise ValidationError({"kind": _("Choose how the cases are drawn.")})
    month = month.replace(day=1)
    rng = rng or random.SystemRandom()
    pool = review_selectors.sample_pool(leader=actor, kind=kind, month=month)
    if kind == SampleKind.RANDOM:
        by_caseworker: dict = {}
        for case_id, caseworker_id, _stage in pool:
            by_caseworker.setdefault(caseworker_id, []).append(case_id)
        chosen = [rng.choice(sorted(ids, key=str)) for _key, ids in sorted(by_caseworker.items())]
    elif kind == SampleKind.STRATIFIED:
        by_stage: dict = {}
        for case_id, _caseworker, stage in pool:
            by_stage.setdefault(stage, []).append(case_id)
        chosen = [rng.choice(sorted(ids, key=str)) for _key, ids in sorted(by_stage.items())]
    else:
        ids = sorted({case_id for case_id, _caseworker, _stage in pool}, key=str)
        chosen = rng.sample(ids, min(TARGETED_LIMIT, len(ids)))
    if not chosen:
        return []
    primaries = _primary_of(chosen)
    now = timezone.now()
    with transaction.atomic():
        reviews = [
            Review.objects.create(
                municipality_id=actor.municipality_id,
                case_id=case_id,
                month=month,
                sample=kind,
                theme=theme.strip(),
                reviewer=actor,
                caseworker_id=primaries.get(case_id),
                drawn_at=now,
            )
            for case_id in chosen
        ]
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="oversight.sample_drawn",
            ref=f"review_month:{month:%Y-%m}",
            data={"kind": kind, "cases": len(reviews), "theme": theme.strip()},
        )
    return reviews


def _review_conflict(saved: Review) -> EditConflict:
    """The review as saved now, in the names of the review form's fields."""
    values = {"summary": saved.summary}
    for answer in saved.answers.all():
        values[f"answer_{answer.item}"] = answer.answer
        values[f"note_{answer.item}"] = answer.note
    return EditConflict(version=saved.version, saved=values, ref=f"review:{saved.pk}")


def review_record(
    *,
    actor,
    review: Review,
    version: int | None,
    answers: dict[str, tuple[str, str]],
    summary: str,
    actions: list[tuple[str, str, dt.date]],
) -> Review:
    """Save the checklist's answers (item → (answer, note)), the summary the caseworker reads
    and the findings' actions (item, text, due). The review's owner of the actions is the case's
    caseworker at the draw (else the current one). Refuses a stale version (``EditConflict``)."""
    if actor.pk != review.reviewer_id:
        raise PermissionDenied
    unknown = set(answers) - set(checklist.ITEMS)
    if unknown or any(answer not in Answer.values for answer, _note in answers.values()):
        raise ValidationError(_("An answer is not one of yes, partly, no or not relevant."))
    owner_id = review.caseworker_id or _primary_of([review.case_id]).get(review.case_id)
    if actions and owner_id is None:
        raise ValidationError(_("The case has no caseworker to give the actions to."))
    now = timezone.now()
    with transaction.atomic():
        update_versioned(
            Review,
            pk=review.pk,
            expected_version=-1 if version is None else version,
            on_conflict=_review_conflict,
            summary=summary.strip(),
            status=ReviewStatus.DONE,
            done_at=review.done_at or now,
        )
        ReviewAnswer.objects.filter(review=review).delete()
        ReviewAnswer.objects.bulk_create(
            ReviewAnswer(review=review, item=item, answer=answer, note=note.strip())
            for item, (answer, note) in sorted(answers.items())
        )
        ReviewAction.objects.bulk_create(
            ReviewAction(
                review=review, item=item, text=text.strip(), owner_id=owner_id, due_on=due_on
            )
            for item, text, due_on in actions
        )
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="oversight.review_done",
            child=review.case.child,
            case=review.case,
            ref=f"review:{review.pk}",
            data={
                "answers": len(answers),
                "no": sum(1 for answer, _note in answers.values() if answer == Answer.NO),
                "actions": len(actions),
            },
        )
    review.refresh_from_db()
    return review


def second_review_request(*, actor, review: Review, reviewer: User) -> Review:
    """A second, independent review of the same case by another leader (calibration)."""
    _leader_only(actor)
    if review.first_id is not None:
        raise ValidationError(_("A second review cannot itself get a second review."))
    if (
        reviewer.pk == review.reviewer_id
        or reviewer.role != Role.TEAM_LEADER
        or reviewer.municipality_id != actor.municipality_id
        or not reviewer.is_active
    ):
        raise ValidationError({"reviewer": _("Choose another team leader in the municipality.")})
    with transaction.atomic():
        existing = Review.objects.select_for_update().filter(first=review).first()
        if existing is not None:
            return existing
        second = Review.objects.create(
            municipality_id=review.municipality_id,
            case_id=review.case_id,
            month=review.month,
            sample=review.sample,
            theme=review.theme,
            reviewer=reviewer,
            caseworker_id=review.caseworker_id,
            first=review,
            drawn_at=timezone.now(),
        )
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="oversight.second_review_asked",
            child=review.case.child,
            case=review.case,
            ref=f"review:{second.pk}",
        )
    return second


def review_action_done(*, actor, action: ReviewAction) -> ReviewAction:
    """The owner marks an action from a review done (once; a second click changes nothing)."""
    if actor.pk != action.owner_id:
        raise PermissionDenied
    with transaction.atomic():
        updated = ReviewAction.objects.filter(pk=action.pk, done_at__isnull=True).update(
            done_at=timezone.now()
        )
        if updated:
            event_record(
                actor=actor,
                municipality=actor.municipality,
                kind="oversight.review_action_done",
                child=action.review.case.child,
                case=action.review.case,
                ref=f"review_action:{action.pk}",
            )
    action.refresh_from_db()
    return action


# --- The nightly figures ------------------------------------------------------------------------


def _end_of(day: dt.date) -> dt.datetime:
    """Midnight after ``day``, local time: the moment a past day's figures are counted at."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(1), dt.time()))


def team_days_record(
    *, day: dt.date | None = None, now: dt.datetime | None = None, municipality_id=None
) -> int:
    """Every team's figures for ``day`` (``history.team_states_at``), stored as ``TeamDay``
    rows; returns how many. Without ``day``: today as it is now (the nightly run; run again the
    same day, it counts again). A past day is counted afterwards, from the cases and duties as
    they are now, and marked so: it never replaces a day counted on the night itself.
    ``municipality_id``: that municipality's teams only (the demo). No event: the rows are
    counts, with no child and no choice in them."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day = day or today
    if day > today:
        raise ValidationError(_("A day that has not come yet cannot be counted."))
    reconstructed = day < today
    moment = _end_of(day) if reconstructed else now
    written = 0
    municipalities = Team.objects.order_by().values_list("municipality_id", flat=True)
    if municipality_id is not None:
        municipalities = municipalities.filter(municipality_id=municipality_id)
    for mid in municipalities.distinct():
        teams = list(Team.objects.filter(municipality_id=mid).values_list("pk", flat=True))
        if reconstructed:
            counted = set(
                TeamDay.objects.filter(team_id__in=teams, day=day, reconstructed=False).values_list(
                    "team_id", flat=True
                )
            )
            teams = [team for team in teams if team not in counted]
        states = history_selectors.team_states_at(municipality_id=mid, moment=moment)
        rows = [
            TeamDay(
                municipality_id=mid,
                team_id=team,
                day=day,
                reconstructed=reconstructed,
                counted_at=now,
                **states.get(team, dict.fromkeys(history_selectors.FIELDS, 0)),
            )
            for team in teams
        ]
        TeamDay.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["team", "day"],
            update_fields=[*history_selectors.FIELDS, "reconstructed", "counted_at"],
        )
        written += len(rows)
    return written
