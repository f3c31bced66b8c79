"""The file's municipality, teams and staff, and the municipality's holidays and deadline rules.

A municipality that already exists (same code, same name) is imported into: its teams and staff
are reused as they are, and the file's settings for it are left out (with a note).
"""

from django.utils.translation import gettext as _

from stemme.accounts.models import Municipality, Role, Team, User
from stemme.deadlines.models import HolidaySettings, RuleOverride
from stemme.deadlines.rules import RULES_BY_ID, Verification
from stemme.interchange.importer.state import ImportState


def municipality_validate(state: ImportState) -> None:
    data = state.payload["municipality"]
    by_code = Municipality.objects.filter(code=data["code"]).first()
    by_name = Municipality.objects.filter(name=data["name"]).first()
    state.municipality_created = by_code is None
    if by_code is not None:
        state.municipality = by_code
        if by_code.name != data["name"]:
            state.error(
                "municipality.name",
                _("municipality code %(code)s already exists with the name «%(name)s»")
                % {"code": data["code"], "name": by_code.name},
                "municipality",
            )
        return
    if by_name is not None:
        state.error(
            "municipality.name",
            _("another municipality (code %(code)s) already has the name «%(name)s»")
            % {"code": by_name.code, "name": data["name"]},
            "municipality",
        )
    state.municipality = Municipality(
        name=data["name"],
        code=data["code"],
        caseworkers_see_team_children=data.get("caseworkers_see_team_children", False),
    )
    state.clean(state.municipality, "municipality")


def teams_validate(state: ImportState) -> None:
    state.teams = {}
    if not state.municipality_created:
        state.teams = {
            team.name: team for team in Team.objects.filter(municipality=state.municipality)
        }
    seen = set()
    for index, data in enumerate(state.payload.get("teams", [])):
        path, name = f"teams[{index}].name", data["name"]
        if name in seen:
            state.error(
                path,
                _("the team «%(name)s» appears more than once in the file") % {"name": name},
                "duplicate",
            )
            continue
        seen.add(name)
        if name in state.teams:
            continue  # the municipality already has it
        team = Team(municipality=state.municipality, name=name)
        state.clean(team, f"teams[{index}]")
        state.teams[name] = team
        state.rows["teams"].append(team)


def staff_validate(state: ImportState) -> None:
    state.users = {}
    if not state.municipality_created:
        state.users = {
            user.username: user for user in User.objects.filter(municipality=state.municipality)
        }
    staff = state.payload.get("staff", [])
    existing_elsewhere = {
        user.username: user
        for user in User.objects.filter(username__in=[s["username"] for s in staff])
        if user.username not in state.users
    }
    seen, reused = set(), 0
    for index, data in enumerate(staff):
        path, username = f"staff[{index}]", data["username"]
        if username in seen:
            state.error(
                f"{path}.username",
                _("the username «%(username)s» appears more than once in the file")
                % {"username": username},
                "duplicate",
            )
            continue
        seen.add(username)
        if username in state.users:
            reused += 1  # already a member of staff in the municipality: left as it is
            continue
        if username in existing_elsewhere:
            state.error(
                f"{path}.username",
                _(
                    "the username «%(username)s» already exists and does not belong to "
                    "%(municipality)s"
                )
                % {"username": username, "municipality": state.municipality.name},
                "other_municipality",
            )
            continue
        user = User(
            username=username,
            municipality=state.municipality,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            role=data.get("role", Role.CASEWORKER),
            job_title=data.get("job_title", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            is_active=data.get("is_active", True),
        )
        # Passwords are never exported: the user logs in via SSO or gets a reset link.
        user.set_unusable_password()
        state.clean(user, path)
        for team_index, name in enumerate(data.get("teams", [])):
            team = state.team(name, f"{path}.teams[{team_index}]")
            if team is not None:
                state.memberships.append((user, team))
        state.users[username] = user
        state.rows["staff"].append(user)
    if reused:
        state.notes.append(
            _("%(count)s staff members already existed in the municipality and were not changed.")
            % {"count": reused}
        )


def settings_validate(state: ImportState) -> None:
    """The municipality's holidays and its changes to the deadline rules (a new municipality
    only)."""
    data = state.payload["municipality"]
    overrides = data.get("rule_overrides", [])
    holidays = data.get("holiday_settings")
    if not state.municipality_created:
        if overrides or holidays is not None:
            state.notes.append(
                _(
                    "The municipality's holidays and deadline rules in the file were not "
                    "imported, because the municipality already exists."
                )
            )
        return
    if holidays is not None:
        state.holiday_settings = HolidaySettings(municipality=state.municipality, **holidays)
    seen = set()
    for index, override in enumerate(overrides):
        path = f"municipality.rule_overrides[{index}]"
        rule = RULES_BY_ID.get(override["rule_id"])
        if rule is None:
            state.error(
                f"{path}.rule_id",
                _("unknown deadline rule «%(rule)s»") % {"rule": override["rule_id"]},
                "unknown_rule",
            )
        elif override["rule_id"] in seen:
            state.error(
                f"{path}.rule_id", _("the rule appears more than once in the file"), "duplicate"
            )
        else:
            if override.get("enabled") is False and rule.verification is Verification.LAW:
                state.error(
                    f"{path}.enabled",
                    _("the rule is a statutory duty (%(basis)s) and cannot be switched off")
                    % {"basis": rule.legal_basis},
                    "statutory",
                )
            if override.get("duration") is not None and rule.duration == 0:
                state.error(
                    f"{path}.duration",
                    _("the deadline applies at the moment itself and cannot be changed"),
                    "fixed",
                )
        seen.add(override["rule_id"])
        state.rows["rule_overrides"].append(
            RuleOverride(
                municipality=state.municipality,
                rule_id=override["rule_id"],
                duration=override.get("duration"),
                enabled=override.get("enabled", True),
                reason=override["reason"],
                changed_by=state.user(override["changed_by"], f"{path}.changed_by"),
            )
        )
