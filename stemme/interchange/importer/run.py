"""The import's entry point: validate the whole document section by section, then write it."""

from stemme.interchange.importer import children, events, organisation, writer
from stemme.interchange.importer.state import ImportState
from stemme.interchange.importer.writer import ImportResult


class Importer(ImportState):
    """Validates a schema-valid document and builds the unsaved rows; then writes them."""

    def validate(self) -> None:
        organisation.municipality_validate(self)
        organisation.teams_validate(self)
        organisation.staff_validate(self)
        self.existing_ids_load()
        for index, child in enumerate(self.payload["children"]):
            children.child_validate(self, child, f"children[{index}]")
        children.sibling_refs_validate(self)
        organisation.settings_validate(self)
        events.municipality_events_validate(self)

    def write(self, *, dry_run: bool) -> ImportResult:
        """Write every row (the caller holds the transaction), then derive the obligations."""
        return writer.write(self, dry_run=dry_run)
