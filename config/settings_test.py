"""Settings for the test suite: production settings (DEBUG off) with test conveniences.

``TEST_DATABASE_URL`` points the suite at PostgreSQL; without it the suite runs on SQLite.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("STEMME_SECRET_KEY", "test-only-secret-key-never-used-in-production")
os.environ.setdefault("STEMME_SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: E402,F403
from config.settings import STORAGES, database_from_url  # noqa: E402

# Hashing with the production hasher would make every login in a test take 0.3 s.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("TEST_DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["TEST_DATABASE_URL"])}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Documents uploaded by tests go to a temporary folder, never into the data folder
# (stemme/documents/storage.py reads the setting on every use; tests may move it again).
# A server the browser tests start gets the folder its seeding wrote to (STEMME_DOCUMENTS_ROOT).
STEMME_DOCUMENTS_ROOT = Path(
    os.environ.get("STEMME_DOCUMENTS_ROOT") or tempfile.mkdtemp(prefix="stemme-test-documents-")
)

# Tasks run at once, in the test's process (a test of the queue itself picks its backend).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Serve static files from the app folders without collectstatic (no STATIC_ROOT scan at start).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# E-mail stays in memory: a server the browser tests start has no mail server to talk to (its
# failed sends would fill the failed-tasks list).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
