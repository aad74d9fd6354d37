#!/usr/bin/env bash
# Regenerates reports/ from examples/ with the offline provider. With --check, regenerates into a
# temporary folder and fails if any byte differs from what is committed.
# Usage: scripts/regen-reports.sh [--check] [--binary PATH/TO/parley]
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
binary=build/dev/parley
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --binary) binary="$2"; shift ;;
    *) echo "regen-reports: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$binary" ] || { echo "regen-reports: no parley binary at $binary (build first or pass --binary)" >&2; exit 2; }

# A fixed clock and seed make the offline debates byte-for-byte reproducible.
export SOURCE_DATE_EPOCH=1767225600
seed=7
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=reports
[ "$check" -eq 1 ] && out="$work/reports"
mkdir -p "$out"

# The task-queue example is also evaluated by the offline panel, so a reader sees scores in a report (its summary,
# charts and evaluation section) and on the page `parley eval -o FILE.html` writes.
evaluated=task-queue
panel=examples/eval/offline-panel.json

for dir in examples/*/; do
  name=$(basename "$dir")
  [ -f "$dir/problem.md" ] && [ -f "$dir/config.json" ] || continue
  eval_args=()
  [ "$name" = "$evaluated" ] && eval_args=(--eval "$panel")
  "$binary" debate -q -p "$dir/problem.md" -c "$dir/config.json" --seed "$seed" --html "${eval_args[@]}" \
    -o "$work/debates-$name" --report "$out/$name.md"
  cp "$work/debates-$name"/*.json "$out/$name.json"
done
# A design review (`--design`): the panel attacks a given design with a broken acknowledgement; the judge decides.
"$binary" debate -q --design examples/designs/redis-streams/flaw-ack.md -p examples/task-queue/problem.md \
  -c examples/task-queue/config.json --seed "$seed" --html -o "$work/debates-design-review" \
  --report "$out/design-review.md"
cp "$work/debates-design-review"/*.json "$out/design-review.json"
# A vote (examples/voting, dialectic's synthesisMethod "voting", run offline) with its equal-cost baseline.
"$binary" debate -q --offline -p examples/task-queue/problem.md -c examples/voting/config.json --rounds 1 \
  --seed "$seed" --html --baseline vote -o "$work/debates-voting" --report "$out/voting-baseline.md"
cp "$work/debates-voting"/*.json "$out/voting-baseline.json"
for format in md html; do
  "$binary" eval -q -c "$panel" -d "$out/$evaluated.json" --seed "$seed" --journal "$work/journal-eval-$format.sqlite" \
    -o "$out/$evaluated-eval.$format" >/dev/null
done

if [ "$check" -eq 1 ]; then
  if ! diff -r reports "$out" >"$work/diff" 2>&1; then
    echo "regen-reports: reports/ is out of date; run scripts/regen-reports.sh and commit the result" >&2
    head -40 "$work/diff" >&2
    exit 1
  fi
  echo "regen-reports: reports/ is up to date"
fi
