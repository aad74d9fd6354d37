#!/usr/bin/env bash
# Fails when a test name could be read as a flag (it begins with '-'): Catch2 would take such a name, given on its
# command line, as an option (a test named "-o ..." once made it write its report into a stray file at the root).
# Usage: scripts/check-test-names.sh PATH/TO/parley_tests   (or '-' to read the names from stdin, one a line)
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 PATH/TO/parley_tests | -" >&2; exit 2; }
if [ "$1" = - ]; then
  names=$(cat)
else
  # Catch2 v2 exits with the number of tests it listed, so the status says nothing; an empty list is the failure.
  names=$("$1" --list-test-names-only || true)
fi
[ -n "$names" ] || { echo "check-test-names: no test names from $1" >&2; exit 1; }
flags=$(printf '%s\n' "$names" | grep -E '^[[:space:]]*-' || true)
if [ -n "$flags" ]; then
  echo "check-test-names: these test names begin with '-', which reads as a flag; rename them:" >&2
  printf '%s\n' "$flags" >&2
  exit 1
fi
echo "check-test-names: $(printf '%s\n' "$names" | grep -c .) test names, none begins with '-'"
