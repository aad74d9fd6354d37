#!/usr/bin/env bash
# Installs what parley needs to build and test on Debian 12 (run as root, or with sudo available): the Debian
# packages below, then the tests' node packages (tests/browser and tests/mock-llm, `npm ci` from each
# package-lock.json).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev catch2 libexpected-dev
  libcurl4-openssl-dev libssl-dev libsqlite3-dev libcpp-httplib-dev libbenchmark-dev
  libhiredis-dev redis-server
  jq sqlite3 clang-format
  chromium
)
# The browser and mock-llm tests need Node.js 20 or later and npm; the machine's own are used, Debian's only when there are none.
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

# The tests' node packages, each folder installed from its package-lock.json when the pinned version is not the
# one installed: playwright-core (tests/browser) drives Debian's /usr/bin/chromium and downloads no browser of its
# own; @dwmkerr/mock-llm (tests/mock-llm) is a third-party echo server the answer checks are tried against.
tests_dir="$(cd "$(dirname "$0")/.." && pwd)/tests"
for pinned_package in browser:playwright-core mock-llm:@dwmkerr/mock-llm; do
  folder="$tests_dir/${pinned_package%%:*}"
  package="${pinned_package#*:}"
  pinned="$(jq -r --arg p "node_modules/$package" '.packages[$p].version' "$folder/package-lock.json")"
  installed="$(jq -r .version "$folder/node_modules/$package/package.json" 2>/dev/null || true)"
  if [ "$pinned" != "$installed" ]; then
    echo "install-deps: npm ci in tests/${pinned_package%%:*}"
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
