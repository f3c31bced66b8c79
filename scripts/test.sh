#!/usr/bin/env bash
# The whole test suite, in phases. Called by `make test` (and so by .ci/run).
#
#   1. ruff lint + format check; import-linter's architecture contracts (.importlinter)
#   2. migrations are in step with the models
#   3. the suite on SQLite
#   4. the suite on PostgreSQL, when a server is reachable at TEST_DATABASE_URL
#      (default: the local server on 127.0.0.1:5432). With STEMME_REQUIRE_POSTGRES=1 (CI) an
#      unreachable server fails the run instead of skipping the phase.
#      Redis at 127.0.0.1:6379 (the RQ task backend's test) likewise: skipped when unreachable,
#      failed with STEMME_REQUIRE_REDIS=1 (CI).
#   5. browser tests in Debian's Chromium with axe-core
#
# Phases 3 and 4 run on every core (pytest-xdist; STEMME_TEST_WORKERS=0 for one process): each
# worker has a database of its own (on PostgreSQL test_<name>_gw0, _gw1 …). The browser tests run
# in one process: they walk one demo server in order.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=config.settings_test
export STEMME_DATA_DIR="${STEMME_DATA_DIR:-$(mktemp -d)}"
PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
WORKERS="${STEMME_TEST_WORKERS:-auto}"

phase() { printf '\n=== %s ===\n' "$1"; }

phase "ruff"
$BIN/ruff check .
$BIN/ruff format --check .

phase "architecture contracts (import-linter)"
$BIN/lint-imports --no-cache .importlinter

phase "migrations"
$BIN/python manage.py makemigrations --check --dry-run -v 1

phase "tests on SQLite"
env -u TEST_DATABASE_URL $BIN/python -m pytest -m "not browser" -q -n "$WORKERS"

phase "tests on PostgreSQL"
if $BIN/python scripts/pg_reachable.py "$PG_URL"; then
  TEST_DATABASE_URL="$PG_URL" $BIN/python -m pytest -m "not browser" -q -n "$WORKERS"
elif [ "${STEMME_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL is required (STEMME_REQUIRE_POSTGRES=1) but not reachable at $PG_URL" >&2
  exit 1
else
  echo "SKIPPED: no PostgreSQL reachable at $PG_URL (set TEST_DATABASE_URL to run this phase)"
fi

phase "browser tests (Chromium + axe-core)"
env -u TEST_DATABASE_URL $BIN/python -m pytest -m browser -q tests/browser
