"""Where documents' bytes live: ``STORAGES["documents"]`` (config/settings.py).

The default is this file system storage at ``STEMME_DOCUMENTS_ROOT``, outside the web root and
with no URL: documents are only ever served by the download view, after the access check. The
setting is read on every use, so tests can move it (``settings.STEMME_DOCUMENTS_ROOT =
tmp_path``). An S3-compatible storage (django-storages) can replace it: docs/operations.md.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class DocumentStorage(FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o640)
        kwargs.setdefault("directory_permissions_mode", 0o750)
        kwargs["base_url"] = None
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.STEMME_DOCUMENTS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Documents have no URL: they are served by documents:download.")


def document_storage():
    return storages["documents"]
