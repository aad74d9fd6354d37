#!/usr/bin/env bash
# Installs what parley needs to build and test on Debian 12 (run as root, or with sudo available): the Debian
# packages below, then the browser tests' node packages (tests/browser, `npm ci` from its package-lock.json).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev catch2 libexpected-dev
  libcurl4-openssl-dev libssl-dev libsqlite3-dev libcpp-httplib-dev libbenchmark-dev
  libhiredis-dev redis-server
  jq sqlite3 clang-format
  chromium
)
# The browser tests need Node.js 20 or later and npm; the machine's own are used, Debian's only when there are none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# playwright-core drives Debian's /usr/bin/chromium; it downloads no browser of its own.
browser_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
pinned="$(jq -r '.packages["node_modules/playwright-core"].version' "$browser_tests/package-lock.json")"
installed="$(jq -r .version "$browser_tests/node_modules/playwright-core/package.json" 2>/dev/null || true)"
if [ "$pinned" != "$installed" ]; then
  echo "install-deps: npm ci in tests/browser"
  (cd "$browser_tests" && npm ci --no-audit --no-fund --loglevel=error)
fi
