#!/usr/bin/env bash
# What Redis costs a sweep of real debates: the same offline sweep of N debates run in one process, then through a
# local redis-server and one `parley worker` (both 16 debates at a time), and the difference per debate. The Redis
# figure includes enqueueing, claims, lease renewals, the call store, sending each debate's JSON and report back,
# collecting them, and up to one second of the sweep command's progress polling.
#
# Usage: bench/sweep_handout.sh [PARLEY_BINARY] [N]   (default build/dev/parley, 32 debates)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
parley="$(realpath "${1:-$root/build/dev/parley}")"
debates="${2:-32}"
command -v redis-server >/dev/null || { echo "bench/sweep_handout.sh: redis-server is needed" >&2; exit 2; }

work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
trap 'kill "${worker:-0}" 2>/dev/null || true; wait 2>/dev/null || true; redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize yes \
    --logfile "$work/redis.log"
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done

# Jobs in Redis are signed; the worker and the sweep share this throwaway key.
export PARLEY_SWEEP_SIGNING_KEY="bench-signing-key-$RANDOM$RANDOM$RANDOM"
seeds="$(seq -s, 1 "$debates")"
echo "{\"problems\": [\"$root/examples/rate-limiter/problem.md\"], \"configs\": [\"$root/configs/default.json\"]," \
    "\"seeds\": [$seeds]}" >"$work/sweep.json"
cd "$work"

now() { date +%s.%N; }
start="$(now)"
"$parley" sweep sweep.json -q -o local >/dev/null
local_s="$(echo "$(now) - $start" | bc -l)"

"$parley" worker --redis "redis://127.0.0.1:$port/0" --debates 16 --work-dir worker -q &
worker=$!
start="$(now)"
"$parley" sweep sweep.json -q --redis "redis://127.0.0.1:$port/0" -o collected >/dev/null
redis_s="$(echo "$(now) - $start" | bc -l)"

printf 'debates: %d (offline, 16 at a time)\n' "$debates"
printf 'in process:   %.2f s\n' "$local_s"
printf 'redis worker: %.2f s\n' "$redis_s"
printf 'hand-out overhead per debate: %.1f ms\n' "$(echo "($redis_s - $local_s) * 1000 / $debates" | bc -l)"
echo "load: $(uptime | sed 's/.*load average: //')"
