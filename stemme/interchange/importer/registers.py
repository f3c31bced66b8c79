"""The child's registers (format version 2): network, bisiddere, safety restrictions, and the
versioned participation profiles and stories. Other rows of the child point to a register entry
by its key in the file."""

from django.utils.translation import gettext as _

from stemme.interchange.fields import BISIDDERE, NETWORK, PROFILES, RESTRICTIONS, STORIES
from stemme.interchange.importer.state import ChildScope, ImportState
from stemme.participation.models import SafetyRestriction


def registers_validate(state: ImportState, data: dict, path: str, scope: ChildScope) -> None:
    child_id = scope.child_id
    for index, item in enumerate(data.get("network", [])):
        state.section_row(NETWORK, item, f"{path}.network[{index}]", scope, child_id=child_id)
    for index, item in enumerate(data.get("bisiddere", [])):
        where = f"{path}.bisiddere[{index}]"
        state.section_row(BISIDDERE, item, where, scope, child_id=child_id)
    through = {
        "persons": (SafetyRestriction.persons.through, "person", "relations"),
        "network_members": (
            SafetyRestriction.network_members.through,
            "networkmember",
            "network",
        ),
    }
    for index, item in enumerate(data.get("safety_restrictions", [])):
        where = f"{path}.safety_restrictions[{index}]"
        row = state.section_row(RESTRICTIONS, item, where, scope, child_id=child_id)
        for json_name, _register in RESTRICTIONS.key_lists:
            model, target_field, register = through[json_name]
            for position, key in enumerate(item.get(json_name, [])):
                target = state.key_link(scope, register, key, f"{where}.{json_name}[{position}]")
                if target is not None:
                    state.m2m.append((model, {"safetyrestriction": row, target_field: target}))
    for section in (PROFILES, STORIES):
        seen: dict[int, int] = {}
        for index, item in enumerate(data.get(section.key, [])):
            where = f"{path}.{section.key}[{index}]"
            state.section_row(section, item, where, scope, child_id=child_id)
            version = item["version"]
            if version in seen:
                state.error(
                    f"{where}.version",
                    _("version %(version)s appears more than once (%(list)s[%(index)s])")
                    % {"version": version, "list": section.key, "index": seen[version]},
                    "duplicate",
                )
            seen.setdefault(version, index)
