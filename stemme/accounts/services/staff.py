"""Staff administration: an administrator creates, changes, deactivates and reactivates staff
accounts.

``staff_provision`` is the one place a staff account is created or changed. It is idempotent:
called again with the same person (found by ``external_id`` when given, else by ``username``)
it changes only what differs, and records an event only for a real change. The administrator's
pages call it through ``staff_create`` and ``staff_update``; a future single sign-on (an OIDC
backend) is meant to call it directly at each login, with ``actor=None`` and the person's id at
the identity provider as ``external_id`` (no OIDC library is installed yet).

How a new person logs in the first time (``staff_create``): the administrator is shown, once, a
one-time initial password and an enrolment code for two-step login (services/enrolment.py).
The initial password must be changed before anything else (``User.must_change_password``,
enforced in accounts.middleware); then the enrolment code lets them set up their authenticator
app. Only a hash of either is stored.

Deactivating an account (``staff_deactivate``) ends the person's sessions at once: Django refuses a
session of an inactive user, and the password is made unusable, which changes the session's
auth hash too (a reactivated account never revives an old session). Reactivating it
(``staff_reactivate``) gives a new initial password, shown once. An administrator cannot
deactivate their own account, and the municipality always keeps one active administrator.

Every change is an ``organisation.staff_*`` event with ``ref="user:<id>"``: the staff member's
page shows them with the account's login events (``auth.*``).
"""

import dataclasses
import re
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.accounts.models import EnrolmentCode, Municipality, Role, Team, User
from stemme.accounts.services.enrolment import IssuedCode, _issue, _new_code, _valid_for
from stemme.audit.services import event_record
from stemme.core.conflicts import conflict_of

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
NAME_MAX = 150  # Django's first_name / last_name
JOB_TITLE_MAX = 100
EMAIL_MAX = 254
EXTERNAL_ID_MAX = 255
# The initial password: 4 groups of 4 characters that cannot be misread (no 0/o, 1/l/i).
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet
# What staff_provision writes, in the order the event lists changes.
PROFILE_FIELDS = ("first_name", "last_name", "email", "role", "job_title")


@dataclasses.dataclass(frozen=True)
class Provisioned:
    user: User
    created: bool
    changed: tuple[str, ...]  # the fields that changed ("teams" among them); empty: nothing


@dataclasses.dataclass(frozen=True)
class NewLogin:
    """What the administrator is shown once for a new (or reactivated) account."""

    user: User
    password: str
    enrolment: IssuedCode | None


def _check_administrator(*, actor, municipality: Municipality) -> None:
    """``actor`` must be an active administrator of ``municipality``; None is the system (the
    command line, a future single sign-on)."""
    if actor is None:
        return
    if (
        actor.role != Role.ADMINISTRATOR
        or not actor.is_active
        or actor.municipality_id is None
        or actor.municipality_id != municipality.pk
    ):
        raise ValidationError(_("Only an administrator of the municipality can change this."))


def username_clean(username: str) -> str:
    """The username as stored: trimmed and in lower case. Raises ValidationError."""
    username = (username or "").strip().lower()
    if not USERNAME.match(username):
        raise ValidationError(
            {
                "username": _(
                    "Write a username of 2 to 40 characters: small letters a-z, digits, dots, "
                    "hyphens or underscores, beginning with a letter or digit."
                )
            }
        )
    return username


def _clean(
    *,
    municipality: Municipality,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    teams,
    job_title: str,
) -> tuple[dict, list[Team]]:
    values = {
        "first_name": " ".join((first_name or "").split()),
        "last_name": " ".join((last_name or "").split()),
        "email": (email or "").strip().lower(),
        "role": role,
        "job_title": " ".join((job_title or "").split()),
    }
    errors = {}
    if not values["first_name"]:
        errors["first_name"] = _("Write the first name.")
    elif len(values["first_name"]) > NAME_MAX:
        errors["first_name"] = _("Keep it short: at most %(count)d characters.") % {
            "count": NAME_MAX
        }
    if not values["last_name"]:
        errors["last_name"] = _("Write the last name.")
    elif len(values["last_name"]) > NAME_MAX:
        errors["last_name"] = _("Keep it short: at most %(count)d characters.") % {
            "count": NAME_MAX
        }
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = _("Write a valid e-mail address, e.g. navn@kommune.dk.")
        if len(values["email"]) > EMAIL_MAX:
            errors["email"] = _("Write a valid e-mail address, e.g. navn@kommune.dk.")
    if role not in Role.values:
        errors["role"] = _("Choose a role.")
    if len(values["job_title"]) > JOB_TITLE_MAX:
        errors["job_title"] = _("Keep it short: at most %(count)d characters.") % {
            "count": JOB_TITLE_MAX
        }
    teams = list(teams or [])
    if any(team.municipality_id != municipality.pk for team in teams):
        errors["teams"] = _("Choose teams of your own municipality.")
    if role == Role.CASEWORKER and not teams and "role" not in errors:
        errors["teams"] = _("A caseworker belongs to at least one team.")
    if errors:
        raise ValidationError(errors)
    return values, teams


def _active_administrators(municipality_id: int) -> list[int]:
    """The municipality's active administrators' ids, their rows locked until the transaction
    ends: two administrators deactivating each other's accounts at once cannot both succeed."""
    return list(
        User.objects.select_for_update()
        .filter(municipality_id=municipality_id, role=Role.ADMINISTRATOR, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _keeps_an_administrator(*, user: User, role: str | None = None, active: bool = True):
    """Refuse a change that would leave the municipality without an active administrator."""
    stays_administrator = active and (role or user.role) == Role.ADMINISTRATOR
    if user.role != Role.ADMINISTRATOR or not user.is_active or stays_administrator:
        return
    others = [pk for pk in _active_administrators(user.municipality_id) if pk != user.pk]
    if not others:
        message = _(
            "%(name)s is the municipality's last active administrator. Make someone else "
            "administrator first."
        ) % {"name": user.get_full_name() or user.username}
        raise ValidationError({"role": message} if active else message)


def _refuse_stale(current: User, expected_version: int | None, values: dict, teams) -> None:
    """Refuse a save from an older page if it would change a value saved since then."""
    if expected_version is None or current.version == expected_version:
        return
    same = all(getattr(current, name) == value for name, value in values.items()) and {
        team.pk for team in current.teams.all()
    } == {team.pk for team in teams}
    if same:
        return
    raise conflict_of(current, [*values, "teams"], ref=f"user:{current.pk}")


def _team_names(teams) -> list[str]:
    return sorted(team.name for team in teams)


def staff_provision(
    *,
    actor,
    municipality: Municipality,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    role: str = Role.CASEWORKER,
    teams=(),
    job_title: str = "",
    external_id: str = "",
    expected_version: int | None = None,
) -> Provisioned:
    """Create the staff account, or bring an existing one up to date: the one path for both.

    The account is found by ``external_id`` (the person's id at the identity provider) when
    given, else by ``username``; found, only the fields that differ are written (one
    ``organisation.staff_changed`` event, none when nothing differs), so calling it again with
    the same values changes nothing. A new account has no usable password: ``staff_create``
    gives it an initial one; an account that logs in through single sign-on needs none.

    For a future OIDC backend: call it at each login with ``actor=None``, the claims as the
    names, e-mail and (mapped) role and teams, and ``external_id`` the ``sub`` claim.
    ``actor`` is otherwise an active administrator of ``municipality``. ``expected_version``
    (the edit form's) refuses a save from an older page (core.conflicts.EditConflict)."""
    _check_administrator(actor=actor, municipality=municipality)
    username = username_clean(username)
    external_id = (external_id or "").strip()
    if len(external_id) > EXTERNAL_ID_MAX:
        raise ValidationError(_("The id at the identity provider is too long."))
    values, teams = _clean(
        municipality=municipality,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        teams=teams,
        job_title=job_title,
    )
    with transaction.atomic():
        existing = User.objects.select_for_update()
        user = existing.filter(external_id=external_id).first() if external_id else None
        if user is None:
            user = existing.filter(username__iexact=username).first()
        if user is not None and user.municipality_id != municipality.pk:
            raise ValidationError({"username": _("The username is already in use.")})
        if user is not None and external_id and user.external_id not in ("", external_id):
            raise ValidationError({"username": _("The username is already in use.")})
        if user is None:
            return _create(
                actor=actor,
                municipality=municipality,
                username=username,
                values=values,
                teams=teams,
                external_id=external_id,
            )
        return _change(
            actor=actor,
            user=user,
            values=values,
            teams=teams,
            external_id=external_id,
            expected_version=expected_version,
        )


def _create(*, actor, municipality, username, values, teams, external_id) -> Provisioned:
    user = User(municipality=municipality, username=username, external_id=external_id, **values)
    user.set_unusable_password()
    user.save()
    user.teams.set(teams)
    event_record(
        actor=actor,
        municipality=municipality,
        kind="organisation.staff_created",
        ref=f"user:{user.pk}",
        data={
            "user": user.get_full_name(),
            "username": username,
            "role": values["role"],
            "teams": _team_names(teams),
            "job_title": values["job_title"],
        },
    )
    return Provisioned(user=user, created=True, changed=())


def _change(*, actor, user, values, teams, external_id, expected_version) -> Provisioned:
    if actor is not None and actor.pk == user.pk and values["role"] != user.role:
        raise ValidationError(
            {"role": _("You cannot change your own role. Ask another administrator.")}
        )
    _refuse_stale(user, expected_version, values, teams)
    _keeps_an_administrator(user=user, role=values["role"])
    before = {name: getattr(user, name) for name in PROFILE_FIELDS}
    before_teams = _team_names(user.teams.all())
    changed = [name for name in PROFILE_FIELDS if before[name] != values[name]]
    if before_teams != _team_names(teams):
        changed.append("teams")
    if external_id and not user.external_id:
        user.external_id = external_id
        changed.append("external_id")
    if not changed:
        return Provisioned(user=user, created=False, changed=())
    for name, value in values.items():
        setattr(user, name, value)
    user.version = F("version") + 1
    user.save(update_fields=[*PROFILE_FIELDS, "external_id", "version"])
    user.refresh_from_db(fields=["version"])
    if "teams" in changed:
        user.teams.set(teams)
    data = {
        "user": user.get_full_name(),
        "changed": changed,
        "before": {name: before[name] for name in changed if name in before},
        "after": {name: values[name] for name in changed if name in values},
    }
    if "teams" in changed:
        data["before"]["teams"] = before_teams
        data["after"]["teams"] = _team_names(teams)
    event_record(
        actor=actor,
        municipality=user.municipality,
        kind="organisation.staff_changed",
        ref=f"user:{user.pk}",
        data=data,
    )
    return Provisioned(user=user, created=False, changed=tuple(changed))


def _initial_password(user: User) -> str:
    """A random password the password policy accepts (19 characters, about 80 bits)."""
    for _attempt in range(20):
        raw = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(16))
        password = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
        try:
            password_validation.validate_password(password, user)
        except ValidationError:
            continue
        return password
    raise RuntimeError("no initial password passed the password policy")


def _new_login(*, actor, user: User, password: str | None) -> NewLogin:
    """Give ``user`` an initial password (to change at the first login) and, unless their
    authenticator is set up, a new enrolment code. Runs in the caller's transaction."""
    if password is None:
        password = _initial_password(user)
    else:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    enrolment = None
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        enrolment = _issue(user=user, actor=actor, code=_new_code(), valid_for=_valid_for())
    return NewLogin(user=user, password=password, enrolment=enrolment)


def staff_create(
    *,
    actor,
    municipality: Municipality,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    role: str = Role.CASEWORKER,
    teams=(),
    job_title: str = "",
    password: str | None = None,
) -> NewLogin:
    """An administrator creates a staff account. Returns what the administrator is shown once:
    the initial password (random unless ``password`` is given; either way checked by the
    password policy) and an enrolment code for two-step login. A username already in use is
    refused (``staff_provision`` would change that account instead)."""
    _check_administrator(actor=actor, municipality=municipality)
    username = username_clean(username)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("The username is already in use.")})
        provisioned = staff_provision(
            actor=actor,
            municipality=municipality,
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            role=role,
            teams=teams,
            job_title=job_title,
        )
        return _new_login(actor=actor, user=provisioned.user, password=password)


def staff_update(
    *,
    actor,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    teams,
    job_title: str,
    expected_version: int | None = None,
) -> User:
    """An administrator changes a colleague's name, e-mail, role, teams and job title."""
    _check_administrator(actor=actor, municipality=user.municipality)
    return staff_provision(
        actor=actor,
        municipality=user.municipality,
        username=user.username,
        external_id=user.external_id,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        teams=teams,
        job_title=job_title,
        expected_version=expected_version,
    ).user


def staff_deactivate(*, actor, user: User, children: int = 0) -> User:
    """Deactivate a staff account: they cannot log in, and their sessions end at once. Their
    records, history and name on cases stay. ``children``: how many children they were still
    assigned to (recorded on the event; their leader hands them over in continuity)."""
    _check_administrator(actor=actor, municipality=user.municipality)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(
            _("You cannot deactivate your own account. Ask another administrator.")
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return user  # already deactivated (a second click): nothing more to do
        _keeps_an_administrator(user=user, active=False)
        if actor is not None and not User.objects.filter(pk=actor.pk, is_active=True).exists():
            raise ValidationError(_("Only an administrator of the municipality can change this."))
        user.is_active = False
        user.must_change_password = False
        # A new password hash: every session's auth hash stops matching (Django ends them).
        user.set_unusable_password()
        user.version = F("version") + 1
        user.save(update_fields=["is_active", "must_change_password", "password", "version"])
        user.refresh_from_db(fields=["version"])
        EnrolmentCode.objects.filter(user=user).delete()
        event_record(
            actor=actor,
            municipality=user.municipality,
            kind="organisation.staff_deactivated",
            ref=f"user:{user.pk}",
            data={"user": user.get_full_name(), "children": children},
        )
    return user


def staff_password_reset(*, actor, user: User) -> NewLogin:
    """A colleague forgot their password: a new initial password, shown once to the
    administrator and changed at the next login. The old password stops working and every
    session ends (the password hash changes); a set-up authenticator stays. Not one's own
    (that is "change password" on the security page)."""
    _check_administrator(actor=actor, municipality=user.municipality)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("Change your own password on your security page."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ValidationError(
                _("The account is deactivated. Reactivate it to give a new password.")
            )
        return _new_initial_login(actor=actor, user=user, kind="organisation.staff_password_reset")


def staff_reactivate(*, actor, user: User) -> NewLogin:
    """Reactivate a deactivated account, with a new initial password shown once to the
    administrator (and an enrolment code if two-step login is not set up)."""
    _check_administrator(actor=actor, municipality=user.municipality)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise ValidationError(_("The account is already active."))
        user.is_active = True
        return _new_initial_login(
            actor=actor, user=user, kind="organisation.staff_reactivated", also=("is_active",)
        )


def _new_initial_login(*, actor, user: User, kind: str, also: tuple = ()) -> NewLogin:
    """A new version of the locked ``user`` (saving ``also`` too) with a new initial password,
    recorded as ``kind``. Runs in the caller's transaction."""
    user.version = F("version") + 1
    user.save(update_fields=[*also, "version"])
    user.refresh_from_db(fields=["version"])
    login = _new_login(actor=actor, user=user, password=None)
    event_record(
        actor=actor,
        municipality=user.municipality,
        kind=kind,
        ref=f"user:{user.pk}",
        data={"user": user.get_full_name()},
    )
    return login
