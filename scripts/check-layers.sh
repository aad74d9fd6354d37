#!/usr/bin/env bash
# Checks the layer order of src/: every `#include "room/..."` must point into the including file's own room or a
# room on a lower level of SRC/layers.txt, and no files of one room may include each other in a cycle (a .cpp and
# its .hpp count as one unit). Prints `file:line: ...` for each offence and exits 1; exits 2 on bad usage.
# Usage: scripts/check-layers.sh [SRC_DIR]   (default: src/ next to this script)
# bash, grep, awk and tsort only: CI machines may lack python.
set -euo pipefail

src=${1:-"$(dirname "$0")/../src"}
layers="$src/layers.txt"
if [ ! -d "$src" ] || [ ! -f "$layers" ]; then
  echo "check-layers: no $layers (usage: check-layers.sh [SRC_DIR])" >&2
  exit 2
fi
cd "$src"
layers=layers.txt

# Every quoted include as "file line target", the target's path as written.
includes=$(grep -rn --include='*.cpp' --include='*.hpp' -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' . |
  sed -E 's#^\./##; s#^([^:]+):([0-9]+):[^"]*"([^"]+)".*#\1 \2 \3#' | sort -k1,1 -k2,2n)
rooms=$(find . -mindepth 1 -maxdepth 1 -type d | sed 's#^\./##' | sort)

status=0
report=$(awk -v rooms="$rooms" '
  NR == FNR {
    sub(/#.*/, "")
    if (NF == 0) next
    level++
    for (i = 1; i <= NF; i++) { lvl[$i] = level }
    order = order (order == "" ? "" : " < ") (NF > 1 ? "{" : "") $1
    for (i = 2; i <= NF; i++) order = order ", " $i
    if (NF > 1) order = order "}"
    next
  }
  FNR == 1 && !placed_checked {
    placed_checked = 1
    n = split(rooms, rs, "\n")
    for (i = 1; i <= n; i++) if (rs[i] != "" && !(rs[i] in lvl)) {
      print "src/" rs[i] "/: room " rs[i] " is on no level of layers.txt (order: " order ")"
    }
  }
  {
    file = $1; line = $2; target = $3
    split(file, f, "/"); from = f[1]
    if (index(target, "/") == 0) next          # a sibling by bare name: same room
    split(target, t, "/"); to = t[1]
    if (!(to in lvl) && !(index("\n" rooms "\n", "\n" to "\n"))) next   # not a room of src/ (a library header)
    if (from == to || !(from in lvl)) next
    if (!(to in lvl) || lvl[to] >= lvl[from]) {
      print "src/" file ":" line ": room " from " may not include room " to " (order: " order ")"
    }
  }' "$layers" - <<<"$includes")
if [ -n "$report" ]; then
  echo "$report"
  status=1
fi

# File cycles inside a room: the graph of units (a path without its extension), given to tsort, which names a loop.
edges=$(awk '{
    from = $1; sub(/\.(cpp|hpp)$/, "", from)
    to = $3; if (index(to, "/") == 0) { dir = $1; sub(/[^\/]*$/, "", dir); to = dir to }
    sub(/\.(cpp|hpp)$/, "", to)
    if (from != to) print from, to
  }' <<<"$includes" | sort -u)
# tsort exits non-zero on a loop and names its members on stderr; only that text matters here.
loops=$(tsort <<<"$edges" 2>&1 >/dev/null || true)
if [ -n "$loops" ]; then
  members=$(grep -v 'input contains a loop' <<<"$loops" | sed 's/^tsort: //' | tr '\n' ' ')
  while read -r file line target; do
    from=${file%.*}; to=${target%.*}
    case " $members " in *" $from "*) ;; *) continue ;; esac
    case " $members " in *" $to "*) echo "src/$file:$line: includes $target, part of the cycle $members" ;; esac
  done <<<"$includes"
  status=1
fi
if [ "$status" -eq 0 ]; then
  echo "check-layers: $(wc -l <<<"$includes") includes follow the order in src/layers.txt; no cycles"
fi
exit "$status"
