#!/usr/bin/env bash
# Times `parley runs` over a folder of N saved debates (copies of the samples in reports/, 30 folders), 3 runs, and
# prints the median wall and CPU time with the machine's load.
# Usage: bench/runs_scan.sh [N] [PATH/TO/parley]   (defaults: 100, build/dev/parley; the dev build is unoptimised)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100}
binary=${2:-build/dev/parley}
[ -x "$binary" ] || { echo "runs_scan: no parley binary at $binary" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
samples=(reports/*.json)
for i in $(seq 1 "$count"); do
  folder="$work/week/f$((i % 30))/r$i"
  mkdir -p "$folder"
  cp "${samples[$((i % ${#samples[@]}))]}" "$folder/deb-$i.json"
done
bytes=$(du -sb "$work/week" | cut -f1)
for _ in 1 2 3; do
  /usr/bin/time -f "%e %U" "$binary" runs "$work/week" 2>>"$work/times" >"$work/list.txt"
done
listed=$(($(wc -l <"$work/list.txt") - 1))
sort -n "$work/times" | awk -v n="$count" -v l="$listed" -v b="$bytes" '{w[NR]=$1; u[NR]=$2} END {
  printf "parley runs, %d debates (%.0f MB, %d listed): median wall %.2f s, CPU %.2f s (3 runs)\n", n, b / 1e6, l, w[2], u[2]}'
echo "load: $(uptime | sed 's/.*load average: //')"
