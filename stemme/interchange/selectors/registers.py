"""The child's registers (related persons, network, bisiddere, safety restrictions), each
entry with its file-local key: the other rows of the child point to them by that key."""

from collections import defaultdict

from stemme.children.models import Child
from stemme.interchange.fields import (
    BISIDDERE,
    NETWORK,
    PERSON_FIELDS,
    RELATION_FIELDS,
    RESTRICTIONS,
)
from stemme.interchange.selectors.rows import ExportRows
from stemme.interchange.selectors.values import (
    KEY_PREFIXES,
    Sections,
    canonical,
    grouped_by,
    keyed,
    row_values,
)


def child_registers(child: Child, rows: dict, usernames: dict) -> tuple[dict, dict]:
    """The child's registers, each entry with its key; and the keys, {register: {pk: key}}.
    ``rows``: the child's relations, network, bisiddere and restrictions, and the persons and
    network members of each restriction."""
    keys: dict = {}
    pairs = []
    for link in rows["relations"]:
        values = row_values(link.person, PERSON_FIELDS, usernames)
        values.update(row_values(link, RELATION_FIELDS, usernames))
        pairs.append((link.person, values))
    exported_relations, keys["person"] = keyed(
        pairs,
        KEY_PREFIXES["person"],
        lambda r: (r["relation"], r["last_name"], r["first_name"], canonical(r)),
    )
    writer = Sections(usernames, keys, child)
    keys["network"], keys["bisidder"], keys["safety"] = {}, {}, {}
    exported_network, keys["network"] = keyed(
        [(row, writer.row(NETWORK, row)) for row in rows["network"]],
        KEY_PREFIXES["network"],
        lambda r: (r["name"], r["relation"], canonical(r)),
    )
    exported_bisiddere, keys["bisidder"] = keyed(
        [(row, writer.row(BISIDDERE, row)) for row in rows["bisiddere"]],
        KEY_PREFIXES["bisidder"],
        lambda r: (r["chosen_on"], r["name"], canonical(r)),
    )
    pairs = []
    order = {register: {pk: n for n, pk in enumerate(keys[register])} for register in keys}
    for row in rows["restrictions"]:
        values = writer.row(RESTRICTIONS, row)
        what = f"safety restriction {row.pk}"
        persons = sorted(
            rows["persons_by_restriction"][row.pk], key=lambda pk: order["person"].get(pk, -1)
        )
        members = sorted(
            rows["members_by_restriction"][row.pk], key=lambda pk: order["network"].get(pk, -1)
        )
        values["persons"] = [writer.link("person", pk, what) for pk in persons]
        values["network_members"] = [writer.link("network", pk, what) for pk in members]
        pairs.append((row, values))
    exported_restrictions, keys["safety"] = keyed(
        pairs, KEY_PREFIXES["safety"], lambda r: (r["set_on"], canonical(r))
    )
    registers = {
        "relations": exported_relations,
        "network": exported_network,
        "bisiddere": exported_bisiddere,
        "safety_restrictions": exported_restrictions,
    }
    return registers, keys


def registers_export(rows: ExportRows, usernames: dict) -> tuple[dict, dict]:
    """Every child's registers and keys: {child pk: keys}, {child pk: registers}."""
    relations_by_child = grouped_by(rows.relations, "child_id")
    network_by_child = grouped_by(rows.network, "child_id")
    bisiddere_by_child = grouped_by(rows.bisiddere, "child_id")
    restrictions_by_child = grouped_by(rows.restrictions, "child_id")
    persons_by_restriction = defaultdict(list)
    for row in rows.restricted_persons:
        persons_by_restriction[row.safetyrestriction_id].append(row.person_id)
    members_by_restriction = defaultdict(list)
    for row in rows.restricted_members:
        members_by_restriction[row.safetyrestriction_id].append(row.networkmember_id)
    keys_by_child: dict = {}
    registers_by_child: dict = {}
    for child in rows.children:
        child_rows = {
            "relations": relations_by_child[child.pk],
            "network": network_by_child[child.pk],
            "bisiddere": bisiddere_by_child[child.pk],
            "restrictions": restrictions_by_child[child.pk],
            "persons_by_restriction": persons_by_restriction,
            "members_by_restriction": members_by_restriction,
        }
        registers_by_child[child.pk], keys_by_child[child.pk] = child_registers(
            child, child_rows, usernames
        )
    return keys_by_child, registers_by_child
