#!/usr/bin/env bash
# `make serve`: Stemme with production settings under gunicorn (docs/deploy.md).
#
# Refuses to start without STEMME_SECRET_KEY and DATABASE_URL, when `manage.py check --deploy`
# warns, or when migrations are not applied (run `manage.py migrate` first: a separate step, as
# the database owner). Then collects the static files and starts gunicorn with
# config/gunicorn.conf.py. The worker is a process of its own (`manage.py worker`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

missing=()
[ -n "${STEMME_SECRET_KEY:-}" ] || missing+=("STEMME_SECRET_KEY")
[ -n "${DATABASE_URL:-}" ] || missing+=("DATABASE_URL")
if [ ${#missing[@]} -gt 0 ]; then
  echo "make serve runs production settings and needs: ${missing[*]}" >&2
  echo "(a local try: docs/deploy.md, \"Try make serve locally\")" >&2
  exit 1
fi
if [ "${STEMME_DEBUG:-0}" != "0" ]; then
  echo "make serve never runs with STEMME_DEBUG on; use make run for the demo." >&2
  exit 1
fi

export STEMME_DEBUG=0 DJANGO_SETTINGS_MODULE=config.settings
# Any warning stops the start (printed on stderr); "no issues" is not printed, so standard
# output stays one JSON object per line from here on.
$BIN/python manage.py check --deploy --fail-level WARNING >/dev/null
if ! $BIN/python manage.py migrate --check >/dev/null; then
  echo "The database has unapplied migrations: run 'manage.py migrate' first (docs/deploy.md)." >&2
  exit 1
fi
$BIN/python manage.py collectstatic --noinput -v 0
exec $BIN/gunicorn -c config/gunicorn.conf.py config.wsgi
