"""Concurrent edits: one mechanism for every editable record (optimistic locking).

An editable record carries a ``version``. Its edit form sends back the version the editor
started from; the service compares it with the saved one inside its transaction (a
compare-and-swap ``UPDATE … WHERE version = expected``, or the row locked and compared) and
raises ``EditConflict`` when someone saved in between. Nothing is written then.

The view catches ``EditConflict`` (before ``ValidationError``: it is one, with code "stale", so
older callers still see a plain form error) and answers with ``conflict_response``: HTTP 409 and
a page with both versions side by side, the rows that differ marked in words, and three ways
on: keep the saved version, save mine anyway (the same values sent again with the *current*
version: a conscious overwrite that goes through the service and is logged like any save) or
continue editing my version. The conflict page itself saves nothing.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from stemme.audit.models import Event
from stemme.core.forms import apply_errors

STALE = "stale"
CONFLICT_STATUS = 409
TEMPLATE = "core/conflict.html"


class EditConflict(ValidationError):
    """Someone saved the record after the editor loaded it.

    ``saved`` holds the record as it is saved now (field name → value, in the names the edit
    form uses; many-to-many values as sets), ``version`` its current version, ``labels`` and
    ``choices`` (name → {value: label}) for fields the form does not have, and ``saved_by`` /
    ``saved_at`` who saved it and when, if known. Without them, ``ref`` lets the page look the
    last save up in the event log. ``mine`` holds what this save would write where the form
    has no field for it (an action: "removed today").
    """

    def __init__(
        self,
        message=None,
        *,
        version: int,
        saved: Mapping[str, Any],
        labels: Mapping[str, str] | None = None,
        choices: Mapping[str, Mapping] | None = None,
        mine: Mapping[str, Any] | None = None,
        saved_by=None,
        saved_at: dt.datetime | None = None,
        ref: str = "",
    ):
        super().__init__(
            message
            or _("Someone else changed this while you were working on it. Reload and try again."),
            code=STALE,
        )
        self.version = version
        self.saved = dict(saved)
        self.labels = dict(labels or {})
        self.choices = dict(choices or {})
        self.mine = dict(mine or {})
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.ref = ref


def saved_values(instance: models.Model, fields: Iterable[str]) -> tuple[dict, dict]:
    """The values of ``fields`` on ``instance`` and their labels (from the model's verbose
    names). A many-to-many field gives the set of its related objects."""
    values, labels = {}, {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = set(getattr(instance, name).all())
        else:
            values[name] = getattr(instance, name)
        labels[name] = capfirst(str(field.verbose_name))
    return values, labels


def conflict_of(
    instance: models.Model,
    fields: Iterable[str],
    *,
    message=None,
    version: int | None = None,
    extra: Mapping[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
    mine: Mapping[str, Any] | None = None,
    saved_by=None,
    saved_at: dt.datetime | None = None,
    ref: str | None = None,
) -> EditConflict:
    """An ``EditConflict`` for ``instance`` as it is saved now. ``extra`` adds values that are
    not model fields (with ``labels``)."""
    fields = list(fields)
    values, field_labels = saved_values(instance, fields)
    values.update(extra or {})
    field_labels.update(labels or {})
    choices = {
        name: {key: str(label) for key, label in field.flatchoices}
        for name in fields
        if (field := instance._meta.get_field(name)).choices
    }
    return EditConflict(
        message,
        version=instance.version if version is None else version,
        saved=values,
        labels=field_labels,
        choices=choices,
        mine=mine,
        saved_by=saved_by,
        saved_at=saved_at,
        ref=getattr(instance, "ref", "") if ref is None else ref,
    )


def update_versioned(
    model: type[models.Model],
    *,
    pk,
    expected_version: int,
    on_conflict: Callable[[models.Model], EditConflict],
    **values,
) -> int:
    """Compare-and-swap: write ``values`` and raise the version by one, only if the row still
    has ``expected_version``. Otherwise raise ``on_conflict(the row as saved now)``. Returns
    the new version. Call it inside the service's transaction."""
    updated = model.objects.filter(pk=pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if not updated:
        raise on_conflict(model.objects.get(pk=pk))
    return expected_version + 1


# --- Showing values ------------------------------------------------------------------------------


def _normal(value):
    """A value reduced for comparison: records by id, blank text as nothing, sets unordered."""
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    if isinstance(value, str):
        value = value.strip().replace("\r\n", "\n")
        return value or None
    if isinstance(value, (set, frozenset, models.QuerySet)):
        return frozenset(_normal(item) for item in value)
    if isinstance(value, (list, tuple)):
        return tuple(_normal(item) for item in value)
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    return value


def differs(mine, saved) -> bool:
    return _normal(mine) != _normal(saved)


def _choice_label(field: forms.Field, value) -> str | None:
    for key, label in getattr(field, "choices", ()):
        if isinstance(label, (list, tuple)):  # grouped choices
            for sub_key, sub_label in label:
                if str(sub_key) == str(value):
                    return str(sub_label)
        elif str(key) == str(value):
            return str(label)
    return None


def display(value, field: forms.Field | None = None, choices: Mapping | None = None) -> str:
    """A value as the user reads it, using the form field's choices and labels when given
    (else ``choices``, value → label). An empty value gives "" (the page says "empty")."""
    if value is None or value == "":
        return ""
    if isinstance(value, (set, frozenset, list, tuple)) and not value:
        return ""
    if isinstance(value, (set, frozenset, models.QuerySet)):
        return ", ".join(sorted(display(item, field) for item in value))
    if isinstance(value, (list, tuple)):
        return "\n".join(display(item, field) for item in value)
    if isinstance(value, models.Model):
        if isinstance(field, forms.ModelChoiceField):
            return str(field.label_from_instance(value))
        return str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if field is not None and getattr(field, "choices", None):
        label = _choice_label(field, value)
        if label is not None:
            return label
    if choices and value in choices:
        return choices[value]
    return str(value)


@dataclass(frozen=True)
class ConflictRow:
    name: str
    label: str
    mine: str
    saved: str
    differs: bool


def conflict_rows(
    conflict: EditConflict, *, form: forms.BaseForm | None = None, mine: Mapping | None = None
) -> list[ConflictRow]:
    """One row per field the service compared, in the form's order: my value (``mine``, else the
    conflict's own ``mine``, else the form's cleaned value, else unchanged from the saved one)
    beside the saved value."""
    mine = {**conflict.mine, **(mine or {})}
    form_fields = form.fields if form is not None else {}
    cleaned = getattr(form, "cleaned_data", {}) if form is not None else {}
    names = [name for name in form_fields if name in conflict.saved]
    names += [name for name in conflict.saved if name not in names]
    rows = []
    for name in names:
        field = form_fields.get(name)
        saved = conflict.saved[name]
        if name in mine:
            value = mine[name]
        elif name in cleaned:
            value = cleaned[name]
        else:
            value = saved
        label = (field.label if field is not None else None) or conflict.labels.get(name) or name
        rows.append(
            ConflictRow(
                name=name,
                label=capfirst(str(label)),
                mine=display(value, field, conflict.choices.get(name)),
                saved=display(saved, field, conflict.choices.get(name)),
                differs=differs(value, saved),
            )
        )
    return rows


def last_saved(ref: str, *, municipality_id):
    """The last event about the record ``ref`` in the municipality: who saved it and when
    (``None`` when unknown)."""
    if not ref or municipality_id is None:
        return None

    return (
        Event.objects.filter(ref=ref, municipality_id=municipality_id)
        .select_related("actor")
        .order_by("-recorded_at", "-pk")
        .first()
    )


# --- The page ------------------------------------------------------------------------------------


def _version_name(form, version_field: str | None) -> str:
    if version_field is None:
        fields = form.fields if form is not None else {}
        version_field = next(
            (name for name in ("version", "expected_version") if name in fields), "version"
        )
    if form is not None and version_field in form.fields:
        return form.add_prefix(version_field)
    return version_field


def _form_names(form) -> set[str]:
    return {form.add_prefix(name) for name in form.fields} if form is not None else set()


def _is_form_key(key: str, names: set[str]) -> bool:
    return key in names or any(key.startswith(f"{name}_") for name in names)


def conflict_response(
    request,
    conflict: EditConflict,
    *,
    form: forms.BaseForm | None,
    back_url: str,
    subject: str = "",
    mine: Mapping | None = None,
    version_field: str | None = None,
    editable: bool = True,
    context: Mapping | None = None,
):
    """The conflict page (HTTP 409) for a refused stale save.

    ``form`` is the editor's valid form (labels, choices, the values sent); ``back_url`` the
    page with the saved version; ``mine`` values for rows the form has no field for (e.g. an
    action: "removed"); ``version_field`` the form's version field when it is not "version"
    or "expected_version" (or a plain POST key). ``editable`` offers "continue editing" with
    the form's own fields. Nothing is saved here: both ways on post to the same URL again."""
    version_name = _version_name(form, version_field)
    resubmit = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in ("csrfmiddlewaretoken", version_name)
        for value in values
    ]
    resubmit.append((version_name, str(conflict.version)))
    continue_form = None
    extras = []
    if editable and form is not None:
        names = _form_names(form)
        data = request.POST.copy()
        data[version_name] = str(conflict.version)
        form.data = data
        continue_form = form
        extras = [(key, value) for key, value in resubmit if not _is_form_key(key, names)]
    saved_by, saved_at = conflict.saved_by, conflict.saved_at
    if saved_by is None and saved_at is None:
        event = last_saved(
            conflict.ref, municipality_id=getattr(request.user, "municipality_id", None)
        )
        if event is not None:
            saved_by, saved_at = event.actor, event.recorded_at
    rows = conflict_rows(conflict, form=form, mine=mine)
    page = {
        "conflict": conflict,
        "rows": rows,
        "differing": sum(row.differs for row in rows),
        "subject": subject,
        "saved_by": saved_by,
        "saved_at": saved_at,
        # The user's own save from another tab or window: say so, not their name as a stranger's.
        "saved_by_me": saved_by is not None
        and getattr(saved_by, "pk", None) == getattr(request.user, "pk", object()),
        "back_url": back_url,
        "action_url": request.get_full_path(),
        "resubmit": resubmit,
        "continue_form": continue_form,
        "continue_extras": extras,
        "files_dropped": bool(request.FILES),
        **(context or {}),
    }
    return render(request, TEMPLATE, page, status=CONFLICT_STATUS)


def edit_save(
    request,
    form: forms.BaseForm,
    save: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    done: Callable[[Any], Any],
    back_url: str,
    subject: str = "",
    **conflict: Any,
):
    """The one path of an edit, for every edit view: a valid form → the service (``save()``)
    → on a stale save the conflict page (409), on a refusal the service's errors on the form's
    fields, else the success message (``success``, or ``success(result)``; none if empty) and
    ``done(result)`` (the redirect), ``result`` being what ``save`` returned.

    Returns the response to send, or None when the form is to be shown again with its errors
    (invalid, or refused by the service). ``conflict`` goes to ``conflict_response``
    (``mine``, ``version_field``, ``editable``, ``context``)."""
    if not form.is_valid():
        return None
    try:
        result = save()
    except EditConflict as stale:
        return conflict_response(
            request, stale, form=form, back_url=back_url, subject=subject, **conflict
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return done(result)
