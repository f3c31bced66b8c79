"""The document: the municipality, its teams and staff, its children and its own events, each
section by its own function. ``MunicipalityExport`` gives the children a batch at a time, in
the file's order, and then the other sections, so the export can be written as it is read with
memory that does not grow with the number of children (services.cases_export_stream);
``municipality_export`` assembles the whole document from the same parts."""

from collections.abc import Iterator

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
from stemme.interchange.selectors.rows import (
    ExportRows,
    MunicipalityRows,
    children_in_file_order,
    events_grouped,
    municipality_rows_read,
    rows_read,
    staff_read,
    usernames_read,
    users_named,
)
from stemme.interchange.selectors.values import (
    grouped_by,
    records_grouped,
    row_values,
    sorted_events,
)

# Children read, written and let go at a time: large enough that the queries per batch are few
# beside the rows they bring, small enough that a batch's rows take little memory.
BATCH_SIZE = 500


def children_export(rows: ExportRows, usernames: dict) -> list[dict]:
    """Every child of the batch with the child's registers, cases, records without a case,
    profiles, stories, letters, messages and events; sorted by name. Everything of a child is
    the child's own (the registers' keys too), so a batch needs no other child's rows."""
    events_by_case, events_by_child = events_grouped(rows)
    # The child's registers first: their keys are what the other rows point to.
    keys_by_child, registers_by_child = registers_export(rows, usernames)
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


def municipality_section(
    municipality: Municipality, rows: MunicipalityRows, usernames: dict
) -> dict:
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


class MunicipalityExport:
    """A municipality's document in parts: ``batches`` gives its children ``batch_size`` at a
    time in the file's order, then ``sections`` the rest of the document.

    The staff section names everyone the children's rows name, so it is read after the last
    batch; the file's keys are sorted, so "children" comes first in the file as well.
    """

    def __init__(self, municipality: Municipality, *, batch_size: int | None = None):
        self.municipality = municipality
        # Read at call time, so a test can make the batches small.
        self.batch_size = BATCH_SIZE if batch_size is None else batch_size
        if self.batch_size < 1:
            raise ValueError(f"A batch holds at least one child, not {self.batch_size}.")
        self.own = municipality_rows_read(municipality)
        self.named = {row.changed_by_id for row in self.own.overrides} | self.own.actors
        self.usernames = usernames_read(municipality, self.named)

    def batches(self) -> Iterator[tuple[list[Child], list[dict]]]:
        """(the children read, the children as the file writes them) for each batch."""
        order = children_in_file_order(self.municipality)
        for start in range(0, len(order), self.batch_size):
            rows = rows_read(self.municipality, order[start : start + self.batch_size])
            named = users_named(rows)
            self.named |= named
            missing = named - self.usernames.keys()
            if missing:
                self.usernames.update(usernames_read(None, missing))
            yield rows.children, children_export(rows, self.usernames)

    def sections(self) -> dict:
        """Every section but the children; after the last batch."""
        staff = staff_read(self.municipality, self.named)
        usernames = {user.pk: user.username for user in staff}
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "municipality": municipality_section(self.municipality, self.own, usernames),
            "teams": teams_export(self.municipality),
            "staff": staff_export(staff, usernames),
            "events": sorted_events(self.own.events, usernames),
        }


def municipality_export(
    *, municipality: Municipality, batch_size: int | None = None
) -> tuple[dict, list[Child]]:
    """The municipality as a document of the current format version, and its children."""
    export = MunicipalityExport(municipality, batch_size=batch_size)
    children, exported = [], []
    for batch, values in export.batches():
        children.extend(batch)
        exported.extend(values)
    return {**export.sections(), "children": exported}, children
