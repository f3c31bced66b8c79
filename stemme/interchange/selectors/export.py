"""The document: the municipality, its teams and staff, its children and its own events, each
section by its own function; ``municipality_export`` assembles them."""

from stemme.accounts.models import Municipality, Team, User
from stemme.children.models import Child
from stemme.interchange.fields import (
    CHILD_FIELDS,
    CHILD_IMPLIED,
    FORMAT_NAME,
    FORMAT_VERSION,
    PROFILES,
    RECORD_SPECS,
    STAFF_FIELDS,
    STORIES,
)
from stemme.interchange.selectors.cases import (
    Writers,
    cases_by_child_export,
    letters_and_messages_export,
)
from stemme.interchange.selectors.registers import registers_export
from stemme.interchange.selectors.rows import ExportRows, events_grouped, rows_read, staff_read
from stemme.interchange.selectors.values import (
    grouped_by,
    records_grouped,
    row_values,
    sorted_events,
)


def children_export(
    rows: ExportRows,
    usernames: dict,
    keys_by_child: dict,
    registers_by_child: dict,
    events_by_case: dict,
    events_by_child: dict,
) -> list[dict]:
    """Every child with the child's registers, cases, records without a case, profiles,
    stories, letters, messages and events; sorted by name."""
    writers = Writers(rows, usernames, keys_by_child)
    letters, messages = letters_and_messages_export(rows, writers)
    cases_by_child = cases_by_child_export(
        rows, usernames, writers, events_by_case, letters, messages
    )
    caseless_by_child = records_grouped(rows.caseless, "child_id", usernames)
    profiles_by_child = grouped_by(rows.profiles, "child_id")
    stories_by_child = grouped_by(rows.stories, "child_id")
    exported_children = []
    for child in rows.children:
        writer = writers.of_child(child.pk)
        values = row_values(child, CHILD_FIELDS, usernames)
        values.update(registers_by_child[child.pk])
        values["cases"] = sorted(cases_by_child[child.pk], key=lambda c: (c["opened_on"], c["id"]))
        for spec in RECORD_SPECS:
            if spec.model in CHILD_IMPLIED:
                values[spec.key] = [
                    row for _key, row in sorted(caseless_by_child[child.pk][spec.key])
                ]
        values["participation_profiles"] = sorted(
            (writer.row(PROFILES, row) for row in profiles_by_child[child.pk]),
            key=lambda r: r["version"],
        )
        values["stories"] = sorted(
            (writer.row(STORIES, row) for row in stories_by_child[child.pk]),
            key=lambda r: r["version"],
        )
        values["letters"] = sorted(
            letters["child", child.pk], key=lambda r: (r["written_at"], r["id"])
        )
        values["portal_messages"] = sorted(
            messages["child", child.pk], key=lambda r: (r["sent_at"], r["id"])
        )
        values["events"] = sorted_events(
            events_by_child[child.pk], usernames, keys_by_child[child.pk]
        )
        exported_children.append(values)
    exported_children.sort(key=lambda c: (c["last_name"], c["first_name"], c["id"]))
    return exported_children


def staff_export(staff: list[User], usernames: dict) -> list[dict]:
    exported_staff = []
    for user in staff:
        values = row_values(user, STAFF_FIELDS, usernames)
        values["is_active"] = user.is_active
        values["teams"] = sorted(team.name for team in user.teams.all())
        exported_staff.append(values)
    exported_staff.sort(key=lambda s: s["username"])
    return exported_staff


def municipality_section(municipality: Municipality, rows: ExportRows, usernames: dict) -> dict:
    """The municipality with its holidays and its changes to the deadline rules."""
    holidays = rows.holidays
    return {
        "name": municipality.name,
        "code": municipality.code,
        "caseworkers_see_team_children": municipality.caseworkers_see_team_children,
        "holiday_settings": (
            {
                "grundlovsdag": holidays.grundlovsdag,
                "juleaftensdag": holidays.juleaftensdag,
                "nytaarsaftensdag": holidays.nytaarsaftensdag,
            }
            if holidays
            else None
        ),
        "rule_overrides": sorted(
            (
                {
                    "rule_id": row.rule_id,
                    "duration": row.duration,
                    "enabled": row.enabled,
                    "reason": row.reason,
                    "changed_by": usernames[row.changed_by_id],
                }
                for row in rows.overrides
            ),
            key=lambda o: o["rule_id"],
        ),
    }


def teams_export(municipality: Municipality) -> list[dict]:
    return [
        {"name": name}
        for name in sorted(
            Team.objects.filter(municipality=municipality).values_list("name", flat=True)
        )
    ]


def municipality_export(*, municipality: Municipality) -> tuple[dict, list[Child]]:
    """The municipality as a document of the current format version, and its children."""
    rows = rows_read(municipality)
    staff = staff_read(municipality, rows)
    usernames = {user.pk: user.username for user in staff}
    events_by_case, events_by_child, municipality_events = events_grouped(rows)
    # The child's registers first: their keys are what the other rows point to.
    keys_by_child, registers_by_child = registers_export(rows, usernames)
    children = children_export(
        rows, usernames, keys_by_child, registers_by_child, events_by_case, events_by_child
    )
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "municipality": municipality_section(municipality, rows, usernames),
        "teams": teams_export(municipality),
        "staff": staff_export(staff, usernames),
        "children": children,
        "events": sorted_events(municipality_events, usernames),
    }
    return document, rows.children
