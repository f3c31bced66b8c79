"""The import's entry point: validate the document part by part and write each part once it is
valid: the organisation, then the children a batch at a time, then what needs every child."""

from stemme.interchange.importer import children, events, organisation, writer
from stemme.interchange.importer.state import ImportState
from stemme.interchange.importer.writer import ImportResult


class Importer(ImportState):
    """Validates a schema-valid document and builds its rows unsaved; the rows of each part
    are written (inside the caller's transaction) as soon as the part is valid while nothing
    is wrong, and then forgotten, so memory holds one batch of children. Once an issue is
    found nothing more is written and the rest is only validated: the caller rolls back."""

    def __init__(self, payload: dict):
        super().__init__(payload)
        self.counts = {key: 0 for key, _model in writer.WRITE_ORDER}

    def organisation_import(self) -> None:
        """The municipality, its teams and staff (``payload`` without its children)."""
        organisation.municipality_validate(self)
        organisation.teams_validate(self)
        organisation.staff_validate(self)
        self.file_ids_start()
        self._write()

    def children_import(self, batch: list[tuple[int, dict]]) -> None:
        """A batch of the file's children, as (index in the file, child)."""
        self.existing_ids_load([child for _index, child in batch])
        for index, child in batch:
            children.child_validate(self, child, f"children[{index}]")
        self._write()

    def finish(self, *, dry_run: bool) -> ImportResult | None:
        """The checks that need every child, the settings and the municipality's events;
        the result, or None when anything in the file was wrong (``issues``)."""
        children.sibling_refs_validate(self)
        organisation.settings_validate(self)
        events.municipality_events_validate(self)
        if self.issues:
            return None
        return writer.finish(self, self.counts, dry_run=dry_run)

    def _write(self) -> None:
        if self.issues:
            writer.rows_forget(self)
        else:
            writer.rows_write(self, self.counts)
