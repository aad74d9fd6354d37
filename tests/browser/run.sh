#!/usr/bin/env bash
# The browser tests: parley's HTML reports in Debian's headless chromium, driven by playwright-core.
# Fails (never skips) when chromium or the node packages are missing, saying what to install.
# Usage: tests/browser/run.sh PATH/TO/parley
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
parley="$(realpath "${1:?usage: tests/browser/run.sh PATH/TO/parley}")"
chromium="${PARLEY_CHROMIUM:-/usr/bin/chromium}"

[ -x "$chromium" ] || { echo "browser tests: no chromium at $chromium; run scripts/install-deps.sh (Debian package chromium)" >&2; exit 1; }
command -v node >/dev/null || { echo "browser tests: no node; run scripts/install-deps.sh (Debian packages nodejs npm)" >&2; exit 1; }
[ -d "$here/node_modules/playwright-core" ] || { echo "browser tests: playwright-core missing; run scripts/install-deps.sh (npm ci in tests/browser)" >&2; exit 1; }
[ -f "$here/../mock-llm/node_modules/@dwmkerr/mock-llm/package.json" ] || { echo "browser tests: @dwmkerr/mock-llm missing; run scripts/install-deps.sh (npm ci in tests/mock-llm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"
node check_reports.js "$parley" "$root/reports" "$work"
node check_runs_index.js "$parley" "$root/examples" "$work/runs-index"
