#!/usr/bin/env bash
# Builds the release preset, runs every bench/*_bench executable with repetitions, and prints one summary:
# each benchmark's median times, rates and counters, then the task-queue engine's and the reports' figures against
# their targets, the time to fail with no server running (bench/no_server.sh), and whole debates (bench/debate_e2e.sh).
#
# Usage: bench/run.sh [--repetitions N] [--filter REGEX] [--baseline GIT-REF] [--skip-e2e]
#   --repetitions N    runs of each benchmark; the summary shows their median (default 3)
#   --filter REGEX     only benchmarks whose name matches (Google Benchmark's --benchmark_filter)
#   --baseline REF     also builds REF's queue_engine_bench (in build/bench-baseline) and runs its no-op throughput
#                      benchmarks right before this tree's, so a before/after pair sees the same machine load
#   --skip-e2e         leaves out the whole-debate checks against the fake provider (minutes)
# Raw JSON results are kept in build/release/bench-results/. The load average is printed beside the figures.
set -euo pipefail

repetitions=3
filter=.
baseline=
skip_e2e=
while [[ $# -gt 0 ]]; do
    case "$1" in
    --repetitions) repetitions="$2"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --skip-e2e) skip_e2e=1; shift ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

command -v jq >/dev/null || { echo "bench/run.sh: jq is needed to read the results (apt-get install jq)" >&2; exit 2; }

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build=build/release
results="$build/bench-results"

cmake --preset release >/dev/null
# Only the benchmark executables (and what they link) are built, not the whole tree.
mapfile -t targets < <(cmake --build "$build" --target help | sed -n 's/^\([A-Za-z0-9_]*_bench\):.*/\1/p' | sort -u)
if [[ ${#targets[@]} -eq 0 ]]; then
    echo "bench/run.sh: no bench/*_bench.cpp found" >&2
    exit 1
fi
# parley too (the report benchmark's debate and the no-server check run it), and the fake provider for the
# whole-debate checks at the end.
extra_targets=(parley parley-fake-provider)
[[ -n "$skip_e2e" ]] && extra_targets=(parley)
cmake --build "$build" -j2 --target "${targets[@]}" "${extra_targets[@]}"

if [[ -n "$baseline" ]]; then
    # The baseline is built from REF's own sources, as a fresh clone of it would be.
    base_src="$build/../bench-baseline/src"
    base_rev="$(git rev-parse --verify "$baseline^{commit}")"
    if [[ "$(cat "$base_src/.rev" 2>/dev/null)" != "$base_rev" ]]; then
        rm -rf "$base_src"
        mkdir -p "$base_src"
        git archive "$base_rev" | tar -x -C "$base_src"
        echo "$base_rev" >"$base_src/.rev"
    fi
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    (cd "$base_src" && cmake --preset release "${launcher[@]}" >/dev/null &&
        cmake --build build/release -j2 --target queue_engine_bench)
fi

mkdir -p "$results"
rm -f "$results"/*.json

# The debate report_render_bench renders: 10 agents (the task-queue example's five, twice) over 5 rounds, offline.
report_work="$build/bench-report"
rm -rf "$report_work"
mkdir -p "$report_work"
jq '.agents += [.agents[] | .id += "-2" | .name += " II"]' examples/task-queue/config.json >"$report_work/config.json"
SOURCE_DATE_EPOCH=1767225600 "$build/parley" debate -q -p examples/task-queue/problem.md -c "$report_work/config.json" \
    --rounds 5 --seed 7 -o "$report_work" >/dev/null
PARLEY_REPORT_BENCH_DEBATE="$(ls "$report_work"/deb-*.json)"
export PARLEY_REPORT_BENCH_DEBATE
load_before="$(uptime | sed 's/.*load average: //')"
if [[ -n "$baseline" ]]; then
    throughput_filter='BM_queue_noop_end_to_end'
    echo "running queue_engine_bench of $baseline (baseline) ..." >&2
    "$base_src/build/release/bench/queue_engine_bench" --benchmark_filter="$throughput_filter" \
        --benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true \
        --benchmark_out="$results/baseline.json" --benchmark_out_format=json >/dev/null
    echo "running queue_engine_bench of this tree against it ..." >&2
    "$build/bench/queue_engine_bench" --benchmark_filter="$throughput_filter" \
        --benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true \
        --benchmark_out="$results/after.json" --benchmark_out_format=json >/dev/null
fi
for exe in "$build"/bench/*_bench; do
    [[ -x "$exe" ]] || continue
    name="$(basename "$exe")"
    echo "running $name ..." >&2
    "$exe" --benchmark_filter="$filter" --benchmark_repetitions="$repetitions" \
        --benchmark_report_aggregates_only=true --benchmark_out="$results/$name.json" \
        --benchmark_out_format=json >/dev/null
done

# One line per benchmark: the median of its repetitions (or its only run).
medians() {
    jq -r '
      .benchmarks[]
      | select((.aggregate_name // "median") == "median")
      | [ (.run_name // .name),
          ((.real_time * 1000 | round) / 1000 | tostring) + " " + .time_unit,
          ((.cpu_time * 1000 | round) / 1000 | tostring) + " " + .time_unit,
          (if .items_per_second then ((.items_per_second | round) | tostring) + "/s" else "-" end),
          ([to_entries[]
            | select(.key | IN("name","run_name","run_type","repetitions","repetition_index","threads",
                               "iterations","real_time","cpu_time","time_unit","items_per_second",
                               "aggregate_name","aggregate_unit","family_index","per_family_instance_index",
                               "bytes_per_second","label","error_occurred","error_message") | not)
            | "\(.key)=\(.value * 1000 | round / 1000)"] | join(" "))
        ] | @tsv' "$1"
}

echo
echo "Medians of $repetitions repetition(s), $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"
echo "Load average (1, 5, 15 min): $load_before before the runs, $(uptime | sed 's/.*load average: //') after"
for json in "$results"/*.json; do
    echo
    echo "== $(basename "$json" .json)"
    { printf 'benchmark\treal\tcpu\trate\tcounters\n'; medians "$json"; } | column -t -s $'\t'
done

# The engine's figures against issue 3's targets.
engine="$results/queue_engine_bench.json"
limiter="$results/queue_rate_limiter_bench.json"
figure() { # file benchmark-prefix field
    jq -r --arg prefix "$2" --arg field "$3" '
      [.benchmarks[] | select((.aggregate_name // "median") == "median")
       | select((.run_name // .name) | startswith($prefix)) | .[$field]] | first // empty' "$1"
}
if [[ -f "$results/baseline.json" && -f "$results/after.json" ]]; then
    echo
    echo "== No-op tasks end to end, 2 workers: $baseline against this tree, run back to back"
    for bench in BM_queue_noop_end_to_end BM_queue_noop_end_to_end_batched; do
        before=$(figure "$results/baseline.json" "$bench/" items_per_second)
        after=$(figure "$results/after.json" "$bench/" items_per_second)
        awk -v n="$bench" -v b="$before" -v a="$after" 'BEGIN {
            if (b == "") printf "%-34s  baseline has none   after %10.0f tasks/s\n", n, a
            else printf "%-34s  before %10.0f tasks/s   after %10.0f tasks/s   x%.2f\n", n, b, a, a / b
        }'
    done
fi
# A --filter that left the engine benchmarks out leaves their files empty: no figures then, rather than zeros.
if [[ -f "$engine" && -f "$limiter" && -n "$(figure "$engine" BM_queue_noop_end_to_end/ items_per_second)" ]]; then
    throughput=$(figure "$engine" BM_queue_noop_end_to_end/ items_per_second)
    batched=$(figure "$engine" BM_queue_noop_end_to_end_batched items_per_second)
    offered=$(figure "$engine" BM_queue_latency_at_half_load offered_per_s)
    p50=$(figure "$engine" BM_queue_latency_at_half_load p50_us)
    p95=$(figure "$engine" BM_queue_latency_at_half_load p95_us)
    p99=$(figure "$engine" BM_queue_latency_at_half_load p99_us)
    llm_cpu=$(figure "$engine" BM_queue_llm_shaped_path cpu_us_per_task)
    llm_rate=$(figure "$engine" BM_queue_llm_shaped_path items_per_second)
    noop_cpu=$(figure "$engine" BM_queue_noop_path_cpu cpu_us_per_task)
    admitted=$(figure "$limiter" BM_queue_rate_limiter_accuracy admitted)
    limit=$(figure "$limiter" BM_queue_rate_limiter_accuracy limit)
    error_pct=$(figure "$limiter" BM_queue_rate_limiter_accuracy error_pct)
    at_once=$(figure "$limiter" BM_queue_rate_limiter_accuracy most_at_once)
    per_minute=$(figure "$limiter" BM_queue_rate_limiter_accuracy most_in_a_minute)
    excess=$(figure "$limiter" BM_queue_rate_limiter_accuracy excess_over_bucket)
    burst=$(figure "$limiter" BM_queue_rate_limiter_accuracy burst)
    echo
    echo "== Task-queue engine (issue 3 targets)"
    awk -v t="$throughput" -v tb="$batched" -v o="$offered" -v p50="$p50" -v p95="$p95" -v p99="$p99" \
        -v lc="$llm_cpu" -v lr="$llm_rate" -v nc="$noop_cpu" -v a="$admitted" -v l="$limit" -v e="$error_pct" \
        -v b="$burst" -v ao="$at_once" -v pm="$per_minute" -v x="$excess" 'BEGIN {
        printf "no-op tasks end to end, 2 workers   %10.0f tasks/s   target 1000000/s   ratio %.2f\n", t, t / 1e6
        printf "  submitted in batches of 256        %10.0f tasks/s   target 1000000/s   ratio %.2f\n", tb, tb / 1e6
        printf "enqueue-to-start at %.0f tasks/s     p50 %.1f us, p95 %.1f us, p99 %.1f us\n", o, p50, p95, p99
        printf "LLM-shaped path, CPU per task        %10.2f us        target < 5 us      ratio %.2f  (%.0f tasks/s)\n", lc, lc / 5, lr
        printf "  of which beyond a bare no-op task  %10.2f us        (no-op: %.2f us)\n", lc - nc, nc
        printf "rate limiter 600/min, 10 sim. min    %10.0f admitted  limit %.0f           error %+.2f%% (target within 1%%)\n", a, l, e
        printf "  most at one instant %.0f (burst %.0f), most in any minute %.0f (limit 600 + burst), excess over the bucket %.0f\n", ao, b, pm, x
    }'
fi

report="$results/report_render_bench.json"
if [[ -f "$report" && -n "$(figure "$report" BM_render_markdown real_time)" ]]; then
    md_ms=$(figure "$report" BM_render_markdown real_time)
    md_bytes=$(figure "$report" BM_render_markdown bytes)
    html_ms=$(figure "$report" BM_render_html real_time)
    html_bytes=$(figure "$report" BM_render_html bytes)
    contributions=$(figure "$report" BM_render_html contributions)
    echo
    echo "== Reports of a 10-agent, 5-round debate, $contributions contributions (issue 14 targets)"
    awk -v mm="$md_ms" -v mb="$md_bytes" -v hm="$html_ms" -v hb="$html_bytes" 'BEGIN {
        printf "Markdown  %8.1f ms  target < 100 ms   %8.2f MB\n", mm, mb / 1048576
        printf "HTML      %8.1f ms  target < 100 ms   %8.2f MB   target < 2 MB\n", hm, hb / 1048576
    }'
fi
# Redis: what a sweep's job hand-out costs, and how much of one shared limit three workers use (issue 15 targets).
redis="$results/redis_sweep_bench.json"
if [[ -f "$redis" && -n "$(figure "$redis" BM_redis_shared_limit_3_workers use_pct)" ]]; then
    handout=$(figure "$redis" "BM_redis_job_handout/aof_always:0" real_time)
    handout_aof=$(figure "$redis" "BM_redis_job_handout/aof_always:1" real_time)
    unit=$(figure "$redis" "BM_redis_job_handout/aof_always:0" time_unit)
    use=$(figure "$redis" BM_redis_shared_limit_3_workers use_pct)
    sent=$(figure "$redis" BM_redis_shared_limit_3_workers requests)
    allowed=$(figure "$redis" BM_redis_shared_limit_3_workers allowed)
    refused=$(figure "$redis" BM_redis_shared_limit_3_workers refused_429)
    echo
    echo "== Redis sweep backend (issue 15 targets)"
    awk -v h="$handout" -v ha="$handout_aof" -v u="$unit" -v use="$use" -v s="$sent" -v a="$allowed" -v r="$refused" 'BEGIN {
        scale = (u == "ns") ? 1e-6 : (u == "us") ? 1e-3 : (u == "s") ? 1e3 : 1
        printf "job hand-out (enqueue, claim, renew, complete)  %.2f ms per job; %.2f ms with appendfsync always\n", h * scale, ha * scale
        printf "120 requests/min shared by 3 workers, 30 s      %.0f sent of %.1f allowed: %.1f%% used (target >= 90%%), %d answered 429 (target 0)\n", s, a, use, r
    }'
fi
# The simulation's speed (issue 23 targets): simulated jobs per second of wall time, and a default run.
simulation="$results/sim_bench.json"
if [[ -f "$simulation" && -n "$(figure "$simulation" BM_sim_jobs_per_second items_per_second)" ]]; then
    sim_rate=$(figure "$simulation" BM_sim_jobs_per_second items_per_second)
    sim_run=$(figure "$simulation" BM_sim_default_run real_time)
    sim_jobs=$(figure "$simulation" BM_sim_default_run items_per_second)
    sim_cpu_rate=$(figure "$simulation" BM_sim_jobs_per_second jobs_per_cpu_s)
    sim_cpu_run=$(figure "$simulation" BM_sim_default_run cpu_s_per_run)
    sim_longest=$(figure "$simulation" BM_sim_default_scenarios longest_scenario_cpu_s)
    echo
    echo "== parley simulate (issue 23 targets)"
    awk -v r="$sim_rate" -v t="$sim_run" -v j="$sim_jobs" -v cr="$sim_cpu_rate" -v cu="$sim_cpu_run" -v lo="${sim_longest:-0}" 'BEGIN {
        printf "simulated jobs per second of wall time, one thread  %10.0f jobs/s   target >= 5000000   ratio %.2f  (%.0f per CPU second)\n", r, r / 5e6, cr
        printf "default run (peak + outage, 2 h virtual each)       %10.0f ms       target < 2000 ms    (%.2f s of CPU over its 2 threads; %.0f jobs/s)\n", t, cu, j
        printf "  its longest scenario, CPU time of one thread      %10.0f ms       (the run on two idle cores: one thread per scenario)\n", lo * 1000
    }'
fi
# How fast a debate fails when its server is not running (before the whole debates, which may end the script).
echo
echo "== A provider that is not there (issue 16 target)"
"$(dirname "$0")/no_server.sh" "$build" || echo "(the 2 s target is not met)"

# Whole debates against the loopback fake provider (minutes, not seconds: the 60 requests/min check waits).
if [[ -z "$skip_e2e" && -x "$build/tests/parley-fake-provider" ]]; then
    echo
    echo "== Whole debates against the fake provider (issue 5 targets)"
    "$(dirname "$0")/debate_e2e.sh" "$build"
fi

# A 3-evaluator, 3-sample evaluation against the fake at 300 ms, against its critical path.
if [[ -x "$build/tests/parley-fake-provider" ]]; then
    echo
    echo "== parley eval against the fake provider (issue 13 target)"
    "$(dirname "$0")/eval_e2e.sh" "$build" || true
fi
