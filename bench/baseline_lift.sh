#!/usr/bin/env bash
# The README's lift table: a sweep of 3 problems x 2 configs x 3 seeds, each debate with its equal-cost baseline
# (`"baseline": "vote"`), against the loopback fake provider (deterministic answers), run twice into two folders;
# `parley sweep diff` of the two prints, per side, how often the debate beat, tied or lost to its baseline and the
# lift (baseline review flags minus the debate's) with its 95% interval, and finds no regression between the runs.
# Usage: bench/baseline_lift.sh [BUILD_DIR]   (default build/dev; needs parley and tests/parley-fake-provider)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
parley=$build/parley
fake=$build/tests/parley-fake-provider
for tool in "$parley" "$fake"; do
    [[ -x $tool ]] || { echo "baseline_lift.sh: no $tool; build parley and parley-fake-provider first" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "baseline_lift.sh: jq is needed (apt-get install jq)" >&2; exit 2; }
work=$(mktemp -d)
fake_pid=
cleanup() {
    [[ -n $fake_pid ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

"$fake" --port 0 --deterministic >"$work/fake.port" 2>"$work/fake.err" &
fake_pid=$!
for _ in $(seq 500); do
    [[ -s $work/fake.port ]] && break
    sleep 0.01
done
port=$(head -n1 "$work/fake.port")
[[ -n $port ]] || { echo "baseline_lift.sh: the fake did not start: $(cat "$work/fake.err")" >&2; exit 1; }

# Two configs of three agents and a judge on the fake: two rounds, and one.
write_config() {
    jq -n --arg url "http://127.0.0.1:$port/v1" --argjson rounds "$1" '
        def agent($id; $role): {id: $id, name: $id, role: $role, model: "fake-model-1",
            provider: "openai-compatible", baseUrl: $url, apiKeyEnv: "PARLEY_LIFT_KEY", temperature: 0.5};
        {agents: [agent("agent-architect"; "architect"), agent("agent-performance"; "performance"),
                  agent("agent-security"; "security")],
         judge: agent("judge-main"; "generalist"), debate: {rounds: $rounds}}' >"$work/$2"
}
write_config 2 two-rounds.json
write_config 1 one-round.json
jq -n --arg root "$PWD" '{problems: [($root + "/examples/task-queue/problem.md"),
                                     ($root + "/examples/rate-limiter/problem.md"),
                                     ($root + "/examples/report-generation/problem.md")],
                          configs: ["two-rounds.json", "one-round.json"], seeds: [1, 2, 3], baseline: "vote"}' \
    >"$work/sweep.json"
export PARLEY_LIFT_KEY=fake-key
for run in a b; do
    "$parley" sweep "$work/sweep.json" -o "$work/$run" -q --no-preflight
done
echo "== parley sweep diff a b (the same sweep run twice)"
set +e
"$parley" sweep diff "$work/a" "$work/b" --fail-on-regression
status=$?
set -e
echo "== exit code $status (0: no regression)"
echo "load: $(uptime | sed 's/.*load average: //')"
