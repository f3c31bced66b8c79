import pytest


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path):
    """Every test's documents in its own folder (never the repository's data folder)."""
    settings.STEMME_DOCUMENTS_ROOT = tmp_path / "documents"
    settings.STEMME_DOCUMENT_SCANNER = "none"
    return settings.STEMME_DOCUMENTS_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
