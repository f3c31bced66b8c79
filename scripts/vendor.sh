#!/usr/bin/env bash
# Refresh vendored front-end files from the npm registry; versions are pinned in vendor.json.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() { # package version source-in-package destination
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar xzf "${1//\//-}-$2.tgz" -C "$1")
  cp "$tmp/$1/package/$3" "$4"
  cp "$tmp/$1/package/LICENSE" "$(dirname "$4")/$(basename "$1" | cut -d. -f1)-LICENSE.txt"
}
fetch htmx.org 2.0.11 dist/htmx.min.js stemme/core/static/stemme/vendor/htmx-2.0.11.min.js
fetch axe-core 4.14.1 axe.min.js tests/browser/vendor/axe-4.14.1.min.js
echo "Vendored files refreshed; update the versions in vendor.json and templates when you bump them."
