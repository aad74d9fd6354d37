#!/usr/bin/env bash
# Times `parley review` on a 1 MiB design (the input limit), 5 runs, and prints the median wall and CPU time
# with the machine's load. Usage: bench/review_1mib.sh [PATH/TO/parley]   (default: build/dev/parley)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/dev/parley}
[ -x "$binary" ] || { echo "review_1mib: no parley binary at $binary" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The corpus' sound designs repeated up to just under 1 MiB: realistic text, every check busy.
while [ "$(stat -c %s "$work/design.md" 2>/dev/null || echo 0)" -lt 1040000 ]; do
  cat examples/designs/*/sound.md >>"$work/design.md"
done
head -c 1048000 "$work/design.md" >"$work/big.md"
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "%e %U" "$binary" review "$work/big.md" -o "$work/review.json" 2>>"$work/times" >/dev/null
done
sort -n "$work/times" | awk '{w[NR]=$1; u[NR]=$2} END {printf "parley review, 1 MiB design: median wall %.2f s, CPU %.2f s (5 runs)\n", w[3], u[3]}'
echo "load: $(uptime | sed 's/.*load average: //')"
