"""Settings of the second installation the round trip imports into (a separate process): the
test settings with a documents storage of its own, where the test copies the files."""

import os
from pathlib import Path

from config.settings_test import *  # noqa: F403

STEMME_DOCUMENTS_ROOT = Path(os.environ["STEMME_IMPORT_DOCUMENTS_ROOT"])
