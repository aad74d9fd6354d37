#!/usr/bin/env bash
# scripts/check-layers.sh on small fake trees in a temp dir (never the work tree): a clean tree passes; an upward
# include, an include across one level and a file cycle each fail, naming the file and line.
# Usage: check_layers_test.sh PATH/TO/check-layers.sh
set -uo pipefail
check=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# A tree of three levels: util < {llm, queue} < run.
make_tree() {
  rm -rf "$tmp/src" && mkdir -p "$tmp/src/util" "$tmp/src/llm" "$tmp/src/queue" "$tmp/src/run"
  printf 'util\nllm queue\nrun\n' >"$tmp/src/layers.txt"
  printf '#pragma once\n' >"$tmp/src/util/text.hpp"
  printf '#pragma once\n#include "util/text.hpp"\n' >"$tmp/src/llm/provider.hpp"
  printf '#pragma once\n#include <string>\n' >"$tmp/src/queue/engine.hpp"
  printf '#include "llm/provider.hpp"\n#include "queue/engine.hpp"\n#include <nlohmann/json.hpp>\n' >"$tmp/src/run/session.cpp"
}

# expect NAME WANT_STATUS WANT_TEXT: runs the check on $tmp/src and compares.
expect() {
  local out status
  out=$("$check" "$tmp/src" 2>&1)
  status=$?
  if [ "$status" -ne "$2" ] || ! grep -qF -- "$3" <<<"$out"; then
    echo "FAIL $1: exit $status (want $2), output:"
    echo "$out"
    echo "(want a line containing: $3)"
    failures=$((failures + 1))
  else
    echo "ok $1"
  fi
}

make_tree
expect "clean tree passes" 0 "no cycles"

make_tree
printf '#pragma once\n\n#include "run/session.hpp"\n' >"$tmp/src/util/text.hpp"
expect "upward include fails" 1 "src/util/text.hpp:3: room util may not include room run (order: util < {llm, queue} < run)"

make_tree
printf '#pragma once\n#include "queue/engine.hpp"\n' >>"$tmp/src/llm/provider.hpp"
expect "include across one level fails" 1 "src/llm/provider.hpp:4: room llm may not include room queue"

make_tree
mkdir -p "$tmp/src/tools"
printf '#pragma once\n' >"$tmp/src/tools/tool.hpp"
expect "room on no level fails" 1 "room tools is on no level"

make_tree
printf '#pragma once\n#include "llm/provider.hpp"\n' >"$tmp/src/llm/call.hpp"
printf '#include "llm/call.hpp"\n' >>"$tmp/src/llm/provider.hpp"
expect "file cycle fails" 1 "src/llm/provider.hpp:3: includes llm/call.hpp, part of the cycle"

[ "$failures" -eq 0 ]
