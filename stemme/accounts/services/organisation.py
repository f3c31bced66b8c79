"""Writes about staff and the organisation: a staff member's own contact details and photo,
a team's duty phone and department, and the municipality's Min sag settings.

The photo and the short introduction go into the letter that introduces a new caseworker to a
child (stemme.continuity). Photos are re-encoded on upload: the stored file is a fresh JPEG
without the original's metadata (a phone photo's EXIF can hold the place it was taken), and
it is served only to logged-in staff (accounts.views.photo).

A staff member's own profile is about them, not about a child or a case, so it does not go to
the event log (``audit.Event`` is the history of children's cases). The organisation's settings
for Min sag change what every child is told (when to expect an answer, who to call), so an
administrator's change is recorded as a municipality event, like a change of a deadline rule.
"""

import io
import re
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from stemme.accounts.models import Department, Municipality, Role, Team, User
from stemme.audit.services import event_record
from stemme.core.conflicts import conflict_of

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_PHOTO_SIDE = 800  # pixels; enough for a letter, small enough to send
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
# Read from the header before anything is decoded: a small PNG of 9,400 × 9,400 pixels would
# otherwise take about 480 MB of memory (Pillow's own bomb limit is 89 megapixels).
MAX_PHOTO_PIXELS = 40_000_000
INTRODUCTION_MAX = 600
REACHABLE_MAX = 150
DUTY_HOURS_MAX = 100
DEPARTMENT_NAME_MAX = 100
ESCALATE_HOURS = (1, 168)  # at most a week unread before the duty inbox sees it
ANSWER_DAYS = (1, 10)  # a child should not wait more than two working weeks for an answer
ALARM_WORDS_MAX = 300  # entries in the "may be serious" list
ALARM_WORD_LENGTH = 60
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}$")


def _refuse_stale(
    current, expected_version: int | None, mine: dict, *, ref: str = "", names=None
) -> None:
    """Refuse a save from an older page if it would change a value saved since then.
    ``mine``: field → the value this save writes; ``names``: the form's name for a field, when
    it differs."""
    if expected_version is None or current.version == expected_version:
        return
    if all(getattr(current, name) == value for name, value in mine.items()):
        return
    conflict = conflict_of(current, list(mine), ref=ref)
    for field, form_name in (names or {}).items():
        conflict.saved[form_name] = conflict.saved.pop(field)
        conflict.labels[form_name] = conflict.labels.pop(field)
    raise conflict


def photo_prepare(upload) -> ContentFile:
    """Check an uploaded photo (a JPEG, PNG or WebP picture of at most 2 MB) and return it
    re-encoded as a JPEG of at most 800 × 800 pixels without metadata."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"photo": _("The photo is too large. Choose a picture of at most 2 MB.")}
        )
    not_a_picture = ValidationError(
        {"photo": _("The file is not a picture. Choose a photo in JPEG, PNG or WebP format.")}
    )
    with warnings.catch_warnings():
        # A picture with an absurd number of pixels is refused, not decoded.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            upload.seek(0)
            with Image.open(upload) as probe:  # reads the header only
                image_format = probe.format
                width, height = probe.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise ValidationError(
                        {
                            "photo": _(
                                "The picture has too many pixels (%(width)s × %(height)s). "
                                "Choose a photo of at most %(limit)s megapixels."
                            )
                            % {
                                "width": width,
                                "height": height,
                                "limit": MAX_PHOTO_PIXELS // 1_000_000,
                            }
                        }
                    )
                probe.verify()
            if image_format not in PHOTO_FORMATS:
                raise not_a_picture
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                picture = ImageOps.exif_transpose(image).convert("RGB")
        except (
            UnidentifiedImageError,
            OSError,
            ValueError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as exc:
            raise not_a_picture from exc
    picture.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def profile_update(
    *,
    actor,
    user: User,
    phone: str,
    introduction: str,
    photo=None,
    remove_photo: bool = False,
    reachable: str | None = None,
    expected_version: int | None = None,
) -> User:
    """Change a staff member's own phone number, when children can reach them (``None``:
    unchanged), introduction for children and photo. ``expected_version`` (from the form)
    refuses a save from an older page, e.g. another browser tab, that would overwrite."""
    if actor is None or actor.pk != user.pk:
        raise ValidationError(_("You can only change your own profile."))
    phone = phone.strip()
    introduction = introduction.strip()
    reachable = user.reachable if reachable is None else reachable.strip()
    errors = {}
    if phone and not _PHONE.match(phone):
        errors["phone"] = _("Write the phone number with digits, e.g. 33 12 34 56.")
    if len(reachable) > REACHABLE_MAX:
        errors["reachable"] = _("Keep it short: at most %(count)d characters.") % {
            "count": REACHABLE_MAX
        }
    if len(introduction) > INTRODUCTION_MAX:
        errors["introduction"] = _("Keep it short: at most %(count)d characters.") % {
            "count": INTRODUCTION_MAX
        }
    if photo is not None and remove_photo:
        errors["remove_photo"] = _("Either upload a new photo or remove the photo, not both.")
    if errors:
        raise ValidationError(errors)
    prepared = photo_prepare(photo) if photo is not None else None
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        _refuse_stale(
            current,
            expected_version,
            {"phone": phone, "reachable": reachable, "introduction": introduction},
        )
        old_name = current.photo.name if current.photo else ""
        user.phone = phone
        user.introduction = introduction
        user.reachable = reachable
        if prepared is not None:
            user.photo.save(prepared.name, prepared, save=False)
        elif remove_photo:
            user.photo = ""
        else:
            user.photo = current.photo.name
        user.version = current.version + 1
        user.save(update_fields=["phone", "introduction", "reachable", "photo", "version"])
        if old_name and (prepared is not None or remove_photo):
            storage = user.photo.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return user


def _check_administrator(*, actor, municipality: Municipality) -> None:
    if (
        actor is None
        or actor.role != Role.ADMINISTRATOR
        or actor.municipality_id is None
        or actor.municipality_id != municipality.pk
    ):
        raise ValidationError(_("Only an administrator of the municipality can change this."))


def _whole_number_between(value, bounds: tuple[int, int], field: str, message: str) -> dict:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return {field: message % {"low": low, "high": high}}
    return {}


def _alarm_words_clean(text: str) -> tuple[str, dict]:
    """One entry per line (commas also separate), trimmed, each once; never empty: the list is
    what catches an alarm the child did not mark urgent."""
    entries: dict[str, None] = {}
    for raw in (text or "").replace(",", "\n").replace(";", "\n").splitlines():
        entry = " ".join(raw.split()).casefold()
        if entry and entry.rstrip("*").strip():
            entries.setdefault(entry, None)
    words = list(entries)
    if not words:
        return "", {
            "alarm_words": _(
                "Keep at least one word: the list catches alarms a child did not mark urgent."
            )
        }
    if len(words) > ALARM_WORDS_MAX:
        return "", {"alarm_words": _("Use at most %(count)d words.") % {"count": ALARM_WORDS_MAX}}
    too_long = [word for word in words if len(word) > ALARM_WORD_LENGTH]
    if too_long:
        return "", {
            "alarm_words": _("Each word or phrase may have at most %(count)d characters.")
            % {"count": ALARM_WORD_LENGTH}
        }
    return "\n".join(words), {}


def portal_settings_set(
    *,
    actor,
    municipality: Municipality,
    escalate_after_hours: int,
    answer_within_days: int,
    alarm_words: str | None = None,
    expected_version: int | None = None,
) -> Municipality:
    """The municipality's Min sag settings: after how many hours an unread message from a child
    shows in the team's duty inbox, within how many working days a child is told to expect
    an answer, and the words that mark a message "may be serious" (``None``: unchanged).
    Administrators only; recorded as an event."""
    _check_administrator(actor=actor, municipality=municipality)
    words, word_errors = (
        _alarm_words_clean(alarm_words)
        if alarm_words is not None
        else (municipality.portal_alarm_words, {})
    )
    errors = {
        **word_errors,
        **_whole_number_between(
            escalate_after_hours,
            ESCALATE_HOURS,
            "escalate_after_hours",
            _("Choose a whole number of hours from %(low)d to %(high)d."),
        ),
        **_whole_number_between(
            answer_within_days,
            ANSWER_DAYS,
            "answer_within_days",
            _("Choose a whole number of working days from %(low)d to %(high)d."),
        ),
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
        _refuse_stale(
            municipality,
            expected_version,
            {
                "portal_escalate_after_hours": escalate_after_hours,
                "portal_answer_within_days": answer_within_days,
                "portal_alarm_words": words,
            },
            ref=f"municipality:{municipality.pk}",
            names={
                "portal_escalate_after_hours": "escalate_after_hours",
                "portal_answer_within_days": "answer_within_days",
                "portal_alarm_words": "alarm_words",
            },
        )
        before = {
            "escalate_after_hours": municipality.portal_escalate_after_hours,
            "answer_within_days": municipality.portal_answer_within_days,
            "alarm_words": municipality.portal_alarm_words.count("\n") + 1,
        }
        municipality.portal_escalate_after_hours = escalate_after_hours
        municipality.portal_answer_within_days = answer_within_days
        municipality.portal_alarm_words = words
        municipality.version = F("version") + 1
        municipality.save(
            update_fields=[
                "portal_escalate_after_hours",
                "portal_answer_within_days",
                "portal_alarm_words",
                "version",
            ]
        )
        municipality.refresh_from_db(fields=["version"])
        event_record(
            actor=actor,
            municipality=municipality,
            kind="organisation.portal_settings_changed",
            ref=f"municipality:{municipality.pk}",
            data={
                "before": before,
                "escalate_after_hours": escalate_after_hours,
                "answer_within_days": answer_within_days,
                "alarm_words": words.count("\n") + 1,
            },
        )
    return municipality


def team_duty_set(
    *,
    actor,
    team: Team,
    duty_phone: str,
    duty_hours: str,
    duty_opens=None,
    duty_closes=None,
    expected_version: int | None = None,
) -> Team:
    """A team's duty phone and when it is answered, which children and parents see in Min sag
    as "who to call when your caseworker is away". Administrators only; recorded as an event.
    Both empty: the team has no duty phone (the portal then gives its plain fallback)."""
    _check_administrator(actor=actor, municipality=team.municipality)
    duty_phone = (duty_phone or "").strip()
    duty_hours = (duty_hours or "").strip()
    errors = {}
    if duty_phone and not _PHONE.match(duty_phone):
        errors["duty_phone"] = _("Write the phone number with digits, e.g. 33 12 34 56.")
    if len(duty_hours) > DUTY_HOURS_MAX:
        errors["duty_hours"] = _("Keep it short: at most %(count)d characters.") % {
            "count": DUTY_HOURS_MAX
        }
    if duty_hours and not duty_phone and "duty_phone" not in errors:
        errors["duty_phone"] = _("Add the duty phone number, or leave both fields empty.")
    duty_opens = team.duty_opens if duty_opens is None else duty_opens
    duty_closes = team.duty_closes if duty_closes is None else duty_closes
    if duty_opens >= duty_closes:
        errors["duty_closes"] = _("The duty inbox must be read until a time after it opens.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        _refuse_stale(
            team,
            expected_version,
            {
                "duty_phone": duty_phone,
                "duty_hours": duty_hours,
                "duty_opens": duty_opens,
                "duty_closes": duty_closes,
            },
            ref=f"team:{team.pk}",
        )
        before = {
            "duty_phone": team.duty_phone,
            "duty_hours": team.duty_hours,
            "duty_opens": team.duty_opens.strftime("%H:%M"),
            "duty_closes": team.duty_closes.strftime("%H:%M"),
        }
        team.duty_phone = duty_phone
        team.duty_hours = duty_hours
        team.duty_opens = duty_opens
        team.duty_closes = duty_closes
        team.version = F("version") + 1
        team.save(
            update_fields=["duty_phone", "duty_hours", "duty_opens", "duty_closes", "version"]
        )
        team.refresh_from_db(fields=["version"])
        event_record(
            actor=actor,
            municipality=team.municipality,
            kind="organisation.team_duty_changed",
            ref=f"team:{team.pk}",
            data={
                "team": team.name,
                "before": before,
                "duty_phone": duty_phone,
                "duty_hours": duty_hours,
                "duty_opens": duty_opens.strftime("%H:%M"),
                "duty_closes": duty_closes.strftime("%H:%M"),
            },
        )
    return team


def team_department_set(
    *, actor, team: Team, department: str, expected_version: int | None = None
) -> Team:
    """Put a team in a department (afdeling), named in words: a department of that name (in
    any case) is found or made, and one left without teams is removed. Empty: no department.
    Administrators only; recorded as a municipality event. The leadership figures count a
    department between a team and the whole municipality."""
    _check_administrator(actor=actor, municipality=team.municipality)
    name = " ".join((department or "").split())
    if len(name) > DEPARTMENT_NAME_MAX:
        raise ValidationError(
            {
                "department": _("Keep it short: at most %(count)d characters.")
                % {"count": DEPARTMENT_NAME_MAX}
            }
        )
    with transaction.atomic():
        # Locked alone: PostgreSQL locks no row of an outer join's nullable side.
        team = Team.objects.select_for_update().get(pk=team.pk)
        before = team.department.name if team.department_id else ""
        if (
            expected_version is not None
            and team.version != expected_version
            and before.casefold() != name.casefold()
        ):
            raise conflict_of(team, ["department"], ref=f"team:{team.pk}")
        chosen = None
        if name:
            # Matched in Python: SQLite's case-insensitive match knows only ASCII (Ø, Æ, Å).
            existing = Department.objects.filter(municipality_id=team.municipality_id)
            chosen = next(
                (known for known in existing if known.name.casefold() == name.casefold()), None
            )
            if chosen is None:
                # Another administrator may be making the same one now: theirs is found then.
                chosen, _created = Department.objects.get_or_create(
                    municipality_id=team.municipality_id, name=name
                )
        old = team.department_id
        team.department = chosen
        team.version = F("version") + 1
        team.save(update_fields=["department", "version"])
        team.refresh_from_db(fields=["version"])
        if old and old != getattr(chosen, "pk", None):
            Department.objects.filter(pk=old, teams__isnull=True).delete()
        event_record(
            actor=actor,
            municipality=team.municipality,
            kind="organisation.team_department_changed",
            ref=f"team:{team.pk}",
            data={"team": team.name, "before": before, "department": chosen.name if chosen else ""},
        )
    return team
