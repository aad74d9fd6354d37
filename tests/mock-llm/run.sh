#!/usr/bin/env bash
# parley against the third-party OpenAI-compatible echo server @dwmkerr/mock-llm, started on a free loopback port
# and stopped at the end: a debate and an eval must end with honest "unknown" outputs and exit code 1.
# Fails (never skips) when node or the package is missing, saying what to install.
# Usage: tests/mock-llm/run.sh PATH/TO/parley
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
parley="$(realpath "${1:?usage: tests/mock-llm/run.sh PATH/TO/parley}")"

command -v node >/dev/null || { echo "mock-llm tests: no node; run scripts/install-deps.sh (Debian packages nodejs npm)" >&2; exit 1; }
[ -f "$here/node_modules/@dwmkerr/mock-llm/package.json" ] || { echo "mock-llm tests: @dwmkerr/mock-llm missing; run scripts/install-deps.sh (npm ci in tests/mock-llm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"
node check_echo_server.js "$parley" "$root" "$work"
