#!/usr/bin/env bash
# Install the Debian packages Stemme needs, only when they are missing.
#   venv: python3-venv (Debian's Python needs it for `python3 -m venv`), Pango (WeasyPrint's
#         text layout, for the letters' and the right of access's PDFs)
#   test: chromium (browser tests), gettext (translation checks), fonts-dejavu-core (PDF),
#         poppler-utils (the browser walk renders a letter's PDF to an image with pdftoppm),
#         postgresql-client (pg_dump and pg_restore for the backup tests)
set -euo pipefail

need=()
case "${1:-}" in
  venv)
    if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
      need+=("python3-venv")
    fi
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=("fonts-dejavu-core")
    compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || need+=("libpango-1.0-0" "libpangoft2-1.0-0")
    ;;
  test)
    [ -x /usr/bin/chromium ] || need+=("chromium")
    command -v msgfmt >/dev/null 2>&1 || need+=("gettext")
    command -v pdftoppm >/dev/null 2>&1 || need+=("poppler-utils")
    # The backup tests restore pg_dump files (manage.py backup / restore_check on PostgreSQL).
    command -v pg_dump >/dev/null 2>&1 || need+=("postgresql-client")
    # The PDFs write æøå and any other character with DejaVu Sans.
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=("fonts-dejavu-core")
    compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || need+=("libpango-1.0-0" "libpangoft2-1.0-0")
    ;;
  *)
    echo "usage: $0 venv|test" >&2
    exit 2
    ;;
esac

[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Please install these Debian packages as root: ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
