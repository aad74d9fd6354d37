#!/usr/bin/env bash
# End-to-end benchmarks of whole debates against the loopback fake provider (parley-fake-provider):
#   (a) wall time of a 3-agent, 2-round debate at 300 ms latency against its critical path;
#   (b) the same debate with 20% of calls failing transiently: same final JSON as a clean run, extra wall time;
#   (c) SIGKILL at random moments, each run resumed: all finish, no finished request is sent twice;
#   (d) eight debates at once against a provider allowing 60 requests/min: no failed call, share of the rate used.
# Builds nothing: point it at a build that has parley and tests/parley-fake-provider (RelWithDebInfo or Release).
#
# Usage: bench/debate_e2e.sh [BUILD_DIR] [--repeat N] [--kills N] [--skip-rate]
#   BUILD_DIR    default build/release
#   --repeat N   runs of (a) and (b) whose median is printed (default 5)
#   --kills N    killed-and-resumed runs in (c) (default 20)
#   --skip-rate  skip (d), which takes about three minutes by design
# Needs jq and sqlite3. Exit status: 0 when every check met its target, 1 otherwise, 2 on bad usage.

set -euo pipefail

build=build/release
repeat=5
kills=20
skip_rate=0
while (($#)); do
    case $1 in
    --repeat) repeat=$2; shift 2 ;;
    --kills) kills=$2; shift 2 ;;
    --skip-rate) skip_rate=1; shift ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "debate_e2e.sh: unknown option $1" >&2; exit 2 ;;
    *) build=$1; shift ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
parley=$build/parley
fake=$build/tests/parley-fake-provider
for tool in "$parley" "$fake"; do
    if [[ ! -x $tool ]]; then
        echo "debate_e2e.sh: no $tool; build the parley and parley-fake-provider targets first" >&2
        exit 2
    fi
done
for tool in jq sqlite3; do
    command -v "$tool" >/dev/null || { echo "debate_e2e.sh: $tool is needed" >&2; exit 2; }
done

readonly latency_ms=300
readonly problem=$root/examples/rate-limiter/problem.md
export PARLEY_BENCH_KEY=sk-bench-not-a-secret
work=$(mktemp -d /tmp/parley-e2e.XXXXXX)
fake_pid=
port=0
failed=0

cleanup() {
    [[ -n $fake_pid ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Starts the fake with the given flags on $port (a free one the first time, the same one afterwards, so the
# provider labels in debates stay equal across fakes); its log goes to $work/fake.jsonl.
start_fake() {
    : >"$work/fake.port"
    "$fake" --port "$port" --deterministic --piece-bytes 64 --latency-ms "$latency_ms" --log "$work/fake.jsonl" "$@" \
        >"$work/fake.port" 2>"$work/fake.err" &
    fake_pid=$!
    for _ in $(seq 500); do
        [[ -s $work/fake.port ]] && break
        sleep 0.01
    done
    port=$(head -n1 "$work/fake.port")
    [[ -n $port ]] || { echo "debate_e2e.sh: the fake did not start: $(cat "$work/fake.err")" >&2; exit 1; }
}

stop_fake() {
    kill "$fake_pid"
    wait "$fake_pid" 2>/dev/null || true
    fake_pid=
}

# A 3-agent, 2-round config on the fake: client idle timeout 300 ms (below the fake's stalls), small retry delays,
# and room for a phase's six critiques at once (the default network lane runs four).
# $1: lane requests per minute, or empty for none.
write_config() {
    local rpm=${1:-}
    jq -n --arg url "http://127.0.0.1:$port/v1" --arg rpm "$rpm" '
        def agent($id; $role; $t): {id: $id, name: $id, role: $role, model: "fake-model-1",
            provider: "openai-compatible", baseUrl: $url, apiKeyEnv: "PARLEY_BENCH_KEY", temperature: $t,
            stream: true, timeouts: {connectMs: 1000, firstByteMs: 5000, idleMs: 300, totalMs: 30000}};
        {agents: [agent("agent-architect"; "architect"; 0.5), agent("agent-performance"; "performance"; 0.5),
                  agent("agent-security"; "security"; 0.4)],
         judge: agent("judge-main"; "generalist"; 0.3),
         debate: {rounds: 2},
         queue: ({workers: 8,
                  retry: {maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 100, jitter: "full"},
                  circuitBreaker: {failureThreshold: 20, coolDownMs: 200},
                  defaultLane: {concurrency: 8}}
                 + (if $rpm == "" then {} else
                    {lanes: {($url): {concurrency: 8, requestsPerMinute: ($rpm | tonumber)}}} end))}' \
        >"$work/config.json"
}

# The debate as two runs of it must agree on: no ids, timestamps, run metrics or measured latencies.
content_of() {
    jq -S 'del(.id, .createdAt, .updatedAt, .parley.metrics, .rounds[].timestamp,
               .rounds[].contributions[].metadata.latencyMs,
               .rounds[].summaries[]?.metadata.timestamp, .rounds[].summaries[]?.metadata.latencyMs,
               .judgeSummary.metadata.timestamp, .judgeSummary.metadata.latencyMs)' \
        "$1"
}

the_json() { ls "$1"/deb-*.json; }

# Runs one debate into $1, printing its wall time in ms.
timed_debate() {
    local start end
    start=$(now_ms)
    "$parley" debate -q -c "$work/config.json" -p "$problem" -o "$1" --seed 1 >/dev/null
    end=$(now_ms)
    echo $((end - start))
}

log_lines() { wc -l <"$work/fake.jsonl"; }

# Digests the journal $1 holds answers to; every deterministic answer quotes its request's digest.
journaled_digests() {
    sqlite3 "$1" 'SELECT content FROM calls' | { grep -oE '(Answer|synthesis) [0-9a-f]{16}' || true; } |
        awk '{ print $2 }' | sort -u
}

# Successful answers among log lines ($1, $2], one digest a line.
answered_in() { sed -n "$(($1 + 1)),$2p" "$work/fake.jsonl" | jq -r 'select(.reply == "answer") | .digest'; }

echo "parley end-to-end benchmarks: $parley, fake provider latency ${latency_ms} ms"

# (a) Wall time against the critical path.
start_fake
write_config
walls=()
for i in $(seq "$repeat"); do
    walls+=("$(timed_debate "$work/clean-$i")")
done
clean_json=$(the_json "$work/clean-1")
content_of "$clean_json" >"$work/clean.content"
phases=$(jq '.parley.metrics.phases | length' "$clean_json")
calls=$(jq '.parley.metrics.calls' "$clean_json")
critical=$((phases * latency_ms))
clean_wall=$(printf '%s\n' "${walls[@]}" | median)
ratio=$(awk -v w="$clean_wall" -v c="$critical" 'BEGIN { printf "%.3f", w / c }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.05) ? "met" : "MISSED" }')
[[ $verdict == met ]] || failed=1
echo "(a) critical path: $calls calls in $phases phases that cannot overlap ($(jq -r '[.parley.metrics.phases[].name] | join(", ")' "$clean_json")) x ${latency_ms} ms = ${critical} ms"
echo "    wall time, median of $repeat: ${clean_wall} ms (runs: ${walls[*]}) -> ratio $ratio (target <= 1.05: $verdict)"
stop_fake

# (b) Transient failures: 503, 429, dropped connections, stalls past the idle timeout and truncated streams.
faulty_walls=()
same=yes
faults=0
for i in $(seq "$repeat"); do
    start_fake --failure-rate 0.2 --seed "$i" --stall-ms 1000
    faulty_walls+=("$(timed_debate "$work/faulty-$i")")
    faults=$((faults + $(jq -s 'map(select(.reply != "answer")) | length' "$work/fake.jsonl")))
    if ! content_of "$(the_json "$work/faulty-$i")" | cmp -s - "$work/clean.content"; then
        same=no
    fi
    stop_fake
done
[[ $same == yes ]] || failed=1
faulty_wall=$(printf '%s\n' "${faulty_walls[@]}" | median)
echo "(b) 20% transient failures ($faults injected over $repeat runs): final JSON same as clean: $same;" \
    "wall median ${faulty_wall} ms (runs: ${faulty_walls[*]}), $((faulty_wall - clean_wall)) ms more than clean"

# (c) SIGKILL at random moments, each run resumed. A duplicate is a request answered twice within one process, or
# a request whose answer the journal already held when the resumed process started.
start_fake
finished=0
landed=0
duplicates=0
for i in $(seq "$kills"); do
    out=$work/killed-$i
    before=$(log_lines)
    "$parley" debate -q -c "$work/config.json" -p "$problem" -o "$out" --seed 1 >/dev/null 2>&1 &
    pid=$!
    while (($(log_lines) == before)) && kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
    sleep "$(awk -v r="$RANDOM" -v c="$critical" 'BEGIN { printf "%.3f", r / 32767 * c / 1000 }')"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    wait "$pid" 2>/dev/null || status=$?
    ((status != 128 + 9)) || landed=$((landed + 1))
    killed_at=$(log_lines)
    journaled_digests "$out/journal.sqlite" >"$work/journaled"
    id=$(sqlite3 "$out/journal.sqlite" 'SELECT id FROM runs')
    if "$parley" resume "$id" --journal "$out/journal.sqlite" -q >/dev/null 2>"$work/resume.err" &&
        content_of "$(the_json "$out")" | cmp -s - "$work/clean.content"; then
        finished=$((finished + 1))
    else
        echo "    run $i did not finish as the uninterrupted run: $(tail -n2 "$work/resume.err")" >&2
    fi
    resumed_at=$(log_lines)
    repeats=$(( $(answered_in "$before" "$killed_at" | sort | uniq -d | wc -l) +
                $(answered_in "$killed_at" "$resumed_at" | sort | uniq -d | wc -l) ))
    again=$(sed -n "$((killed_at + 1)),${resumed_at}p" "$work/fake.jsonl" | jq -r .digest | sort -u |
        comm -12 - "$work/journaled" | wc -l)
    duplicates=$((duplicates + repeats + again))
done
stop_fake
[[ $finished == "$kills" && $duplicates == 0 ]] || failed=1
echo "(c) SIGKILL at $kills random moments ($landed landed mid-run), each resumed: $finished/$kills finished" \
    "identical to the uninterrupted run; duplicate finished requests: $duplicates"

# (d) Eight debates at once under a 60 requests/min limit, kept by the lane config and enforced by the server.
if ((skip_rate)); then
    echo "(d) skipped (--skip-rate)"
else
    start_fake --rpm 60
    write_config 60
    mkdir -p "$work/problems"
    i=0
    for name in task-queue rate-limiter report-generation; do
        for variant in 1 2 3; do
            ((i < 8)) || break
            i=$((i + 1))
            { cat "$root/examples/$name/problem.md"; echo; echo "(Variant $variant.)"; } >"$work/problems/$i.md"
        done
    done
    start=$(now_ms)
    status=0
    "$parley" debate -q -c "$work/config.json" -p "$work/problems" -o "$work/batch" --seed 1 >/dev/null || status=$?
    wall=$(($(now_ms) - start))
    stop_fake
    completed=$(jq -s 'map(select(.status == "completed")) | length' "$work"/batch/deb-*.json)
    failed_calls=$(jq -s 'map(.parley.metrics.callsFailed) | add' "$work"/batch/deb-*.json)
    answered=$(jq -s 'map(select(.reply == "answer")) | length' "$work/fake.jsonl")
    limited=$(jq -s 'map(select(.reply == "rate_limited")) | length' "$work/fake.jsonl")
    # Over the span from the first answer to the last, n answers use n - 1 intervals of the allowed rate.
    rate=$(jq -s 'map(select(.reply == "answer") | .at_ms) | (length - 1) / ((max - min) / 60000)' "$work/fake.jsonl")
    share=$(awk -v r="$rate" 'BEGIN { printf "%.1f", r / 60 * 100 }')
    verdict=$(awk -v s="$share" -v st="$status" -v c="$completed" -v f="$failed_calls" \
        'BEGIN { print (s >= 90 && st == 0 && c == 8 && f == 0) ? "met" : "MISSED" }')
    [[ $verdict == met ]] || failed=1
    echo "(d) 8 debates at once, 60 requests/min: exit $status, $completed/8 completed, $failed_calls failed calls," \
        "$answered answered and $limited refused (429) in $((wall / 1000)) s;" \
        "achieved $(printf '%.1f' "$rate")/min = $share% of the allowed rate (target >= 90%: $verdict)"
fi
exit "$failed"
