// Rate-limiter accuracy: a 600 requests/min lane with a burst of 10, 100 eager producers, 10 simulated minutes on
// the manual clock. Every producer asks again at once when admitted and at the instant it is told when refused.
// Run: bench/run.sh (or build/release/bench/queue_rate_limiter_bench).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <queue>
#include <vector>

#include "queue/clock.hpp"
#include "queue/rate_limiter.hpp"

using namespace parley::queue;
using namespace std::chrono_literals;

namespace {

constexpr double kPerMinute = 600;
constexpr double kBurst = 10;
constexpr int kProducers = 100;
constexpr auto kSimulated = 10min;

struct Wakeup {
    TimePoint at;
    int producer;
    bool operator>(const Wakeup& other) const { return at != other.at ? at > other.at : producer > other.producer; }
};

/// The most admissions in any window, beyond what the bucket allows: burst + rate * window. Zero means the
/// limiter never let more through than a token bucket of that size may.
double worst_excess(const std::vector<TimePoint>& admitted) {
    double worst = -kBurst;
    const double per_ns = kPerMinute / 60e9;
    for (std::size_t i = 0; i < admitted.size(); ++i) {
        for (std::size_t j = i; j < admitted.size(); ++j) {
            const double allowed = kBurst + per_ns * static_cast<double>((admitted[j] - admitted[i]).count());
            worst = std::max(worst, static_cast<double>(j - i + 1) - allowed);
        }
    }
    return std::max(worst, 0.0);
}

void BM_queue_rate_limiter_accuracy(benchmark::State& state) {
    std::vector<TimePoint> admitted;
    for (auto _ : state) {
        ManualClock clock;
        const TimePoint start = clock.now();
        RateLimiter limiter(RateLimit{kPerMinute, kBurst}, std::nullopt, start);
        std::priority_queue<Wakeup, std::vector<Wakeup>, std::greater<>> wakeups;
        for (int p = 0; p < kProducers; ++p) {
            wakeups.push({start, p});
        }
        admitted.clear();
        while (wakeups.top().at < start + kSimulated) {
            const Wakeup next = wakeups.top();
            wakeups.pop();
            clock.advance(next.at - clock.now());
            if (auto again = limiter.try_acquire(1, clock.now())) {
                wakeups.push({*again, next.producer});
            } else {
                admitted.push_back(clock.now());
                wakeups.push({clock.now(), next.producer});
            }
        }
    }
    const double limit = kPerMinute * std::chrono::duration<double, std::ratio<60>>(kSimulated).count();
    std::size_t most_in_a_minute = 0;
    std::size_t most_at_once = 0;
    for (std::size_t i = 0, j = 0, k = 0; i < admitted.size(); ++i) {
        while (admitted[i] - admitted[j] >= 1min) {
            ++j;
        }
        while (admitted[k] != admitted[i]) {
            ++k;
        }
        most_in_a_minute = std::max(most_in_a_minute, i - j + 1);
        most_at_once = std::max(most_at_once, i - k + 1);
    }
    state.counters["admitted"] = static_cast<double>(admitted.size());
    state.counters["limit"] = limit;
    state.counters["error_pct"] = 100.0 * (static_cast<double>(admitted.size()) - limit) / limit;
    state.counters["burst"] = kBurst;
    state.counters["most_at_once"] = static_cast<double>(most_at_once);
    state.counters["most_in_a_minute"] = static_cast<double>(most_in_a_minute);
    state.counters["excess_over_bucket"] = worst_excess(admitted);
}
BENCHMARK(BM_queue_rate_limiter_accuracy)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace
