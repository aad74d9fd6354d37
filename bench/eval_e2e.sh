#!/usr/bin/env bash
# End-to-end benchmark of `parley eval` against the loopback fake provider (parley-fake-provider): the wall time of
# a 3-evaluator, 3-sample evaluation at 300 ms latency against its critical path. The nine calls are independent,
# so the critical path is one call's latency; the target is a wall time within 10% of it (process start, journal
# and parsing included).
# Builds nothing: point it at a build that has parley and tests/parley-fake-provider (RelWithDebInfo or Release).
#
# Usage: bench/eval_e2e.sh [BUILD_DIR] [--repeat N]
#   BUILD_DIR    default build/release
#   --repeat N   runs whose median is printed (default 5)
# Needs jq. Exit status: 0 when the target is met, 1 otherwise, 2 on bad usage.

set -euo pipefail

build=build/release
repeat=5
while (($#)); do
    case $1 in
    --repeat) repeat=$2; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "eval_e2e.sh: unknown option $1" >&2; exit 2 ;;
    *) build=$1; shift ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
parley=$build/parley
fake=$build/tests/parley-fake-provider
for tool in "$parley" "$fake"; do
    [[ -x $tool ]] || { echo "eval_e2e.sh: no $tool; build parley and parley-fake-provider first" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "eval_e2e.sh: jq is needed" >&2; exit 2; }

readonly latency_ms=300
readonly evaluators=3
readonly samples=3
export PARLEY_BENCH_KEY=sk-bench-not-a-secret
work=$(mktemp -d /tmp/parley-eval-e2e.XXXXXX)
fake_pid=
cleanup() {
    [[ -n $fake_pid ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Every evaluator answers the same well-formed scores, quoting the design.
design=$root/examples/designs/kafka/sound.md
quote=$(grep -m1 -oE 'Delivery is at-least-once[^.]*' "$design")
answer=$(jq -cn --arg q "$quote" '
    def item: {score: 7, reasoning: "bench", evidence: [$q]};
    {evaluation: {functional_completeness: item,
                  non_functional: {performance_scalability: item, security: item, maintainability_evolvability: item,
                                   regulatory_compliance: item, testability: item}},
     overall_summary: {strengths: "s", weaknesses: "w", overall_score: 7}}')

"$fake" --port 0 --latency-ms "$latency_ms" --piece-bytes 64 --content "$answer" >"$work/fake.port" 2>"$work/fake.err" &
fake_pid=$!
for _ in $(seq 500); do
    [[ -s $work/fake.port ]] && break
    sleep 0.01
done
port=$(head -n1 "$work/fake.port")
[[ -n $port ]] || { echo "eval_e2e.sh: the fake did not start: $(cat "$work/fake.err")" >&2; exit 1; }

jq -n --arg url "http://127.0.0.1:$port/v1" --argjson n "$evaluators" '
    {agents: [range(1; $n + 1) | {id: "eval-\(.)", name: "Evaluator \(.)", model: "fake-eval-\(.)",
                                  provider: "openai-compatible", baseUrl: $url, apiKeyEnv: "PARLEY_BENCH_KEY",
                                  timeout: 30000, enabled: true}]}' >"$work/panel.json"

walls=()
for run in $(seq "$repeat"); do
    start=$(now_ms)
    # A fresh journal each run: a second run of the same eval would be served from the journal.
    "$parley" eval -q -c "$work/panel.json" "$design" --samples "$samples" --journal "$work/j$run.sqlite" \
        -o "$work/out$run.json" >/dev/null
    end=$(now_ms)
    walls+=($((end - start)))
done
wall=$(printf '%s\n' "${walls[@]}" | median)
calls=$(jq '.parley.calls' "$work/out1.json")
ratio=$(awk -v w="$wall" -v c="$latency_ms" 'BEGIN { printf "%.3f", w / c }')
echo "eval: $evaluators evaluators x $samples samples = $calls independent calls at ${latency_ms} ms; critical path ${latency_ms} ms"
echo "eval: wall time median of $repeat: ${wall} ms (runs: ${walls[*]}), ratio ${ratio} (target <= 1.10)"
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.10) }'
