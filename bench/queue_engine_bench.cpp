// The task-queue engine end to end: no-op throughput with 2 workers (one submit at a time, and in batches),
// enqueue-to-start latency at half that load, and the per-task cost of the full path an LLM call takes. Run:
// bench/run.sh (or build/release/bench/queue_engine_bench).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "queue/engine.hpp"

using namespace parley;
using namespace parley::queue;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kWorkers = 2;
constexpr std::size_t kBatch = 200'000;

EngineOptions two_workers() {
    EngineOptions options;
    options.workers = kWorkers;
    options.capacity = kBatch;
    options.default_lane.max_concurrency = kWorkers;
    return options;
}

Result<Completion> noop(TaskContext&) {
    return Completion{};
}

/// CPU time of the whole process (every thread), in microseconds.
double process_cpu_us() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

/// Submits `count` tasks as fast as one producer can and waits for every result, in submit order.
void run_batch(Engine& engine, std::size_t count, const TaskSpec& spec, const TaskFn& fn) {
    std::vector<TaskHandle> handles;
    handles.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        handles.push_back(*engine.try_submit(spec, fn));
    }
    for (const auto& handle : handles) {
        benchmark::DoNotOptimize(handle.wait());
    }
}

void BM_queue_noop_end_to_end(benchmark::State& state) {
    Engine engine(two_workers());
    const TaskFn fn = noop;
    for (auto _ : state) {
        run_batch(engine, kBatch, TaskSpec{}, fn);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK(BM_queue_noop_end_to_end)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

constexpr std::size_t kSubmitBatch = 256;

/// The same no-op throughput with the producer handing tasks in through try_submit_batch, kSubmitBatch at a time.
void BM_queue_noop_end_to_end_batched(benchmark::State& state) {
    Engine engine(two_workers());
    const TaskFn fn = noop;
    for (auto _ : state) {
        std::vector<TaskHandle> handles;
        handles.reserve(kBatch);
        std::vector<Submission> batch;
        for (std::size_t done = 0; done < kBatch; done += kSubmitBatch) {
            batch.clear();
            for (std::size_t i = done; i < std::min(kBatch, done + kSubmitBatch); ++i) {
                batch.push_back(Submission{TaskSpec{}, fn});
            }
            for (auto& handle : engine.try_submit_batch(std::move(batch))) {
                handles.push_back(*handle);
            }
        }
        for (const auto& handle : handles) {
            benchmark::DoNotOptimize(handle.wait());
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK(BM_queue_noop_end_to_end_batched)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

/// Offers no-op tasks at half the rate the engine just sustained, one at a time and evenly spaced, and reads
/// the enqueue-to-start percentiles from the engine's own wait histogram.
void BM_queue_latency_at_half_load(benchmark::State& state) {
    double rate = 0;
    {
        Engine calibration(two_workers());
        const auto start = std::chrono::steady_clock::now();
        run_batch(calibration, kBatch, TaskSpec{}, noop);
        rate = static_cast<double>(kBatch) /
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const auto interval =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(2.0 / rate));
    const std::size_t count = static_cast<std::size_t>(rate / 2); // one second of load
    Histogram wait;
    double offered = 0;
    for (auto _ : state) {
        Engine engine(two_workers());
        std::vector<TaskHandle> handles;
        handles.reserve(count);
        const auto start = std::chrono::steady_clock::now();
        auto next = start;
        for (std::size_t i = 0; i < count; ++i) {
            while (std::chrono::steady_clock::now() < next) {
                // Yield rather than spin hard: the workers share the two cores with this producer.
                std::this_thread::yield();
            }
            handles.push_back(*engine.try_submit(TaskSpec{}, noop));
            next += interval;
        }
        offered = static_cast<double>(count) /
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (const auto& handle : handles) {
            benchmark::DoNotOptimize(handle.wait());
        }
        wait.merge(engine.metrics().total.wait);
    }
    const auto us = [](Duration d) {
        return std::chrono::duration<double, std::micro>(d).count();
    };
    state.counters["calibrated_per_s"] = rate;
    state.counters["offered_per_s"] = offered;
    state.counters["p50_us"] = us(wait.percentile(0.50));
    state.counters["p95_us"] = us(wait.percentile(0.95));
    state.counters["p99_us"] = us(wait.percentile(0.99));
    state.counters["max_us"] = us(wait.max());
}
BENCHMARK(BM_queue_latency_at_half_load)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

/// A completed-result store that never has anything, so the lookup and save calls are on the path but cost nothing.
class EmptyStore final : public ResultStore {
public:
    Result<std::optional<Completion>> find(std::string_view) override { return std::optional<Completion>(); }
    Result<void> save(std::string_view, const Completion&) override { return {}; }
};

/// Every part of an LLM call's path but the network: a keyed task (coalescing map, store lookup and save) in a
/// lane with requests- and tokens-per-minute buckets, a breaker and a retry policy, a cost estimate settled after,
/// rate-limit headers fed back, an event callback and metrics. Reported as CPU time per task over all threads.
void BM_queue_llm_shaped_path(benchmark::State& state) {
    EngineOptions options = two_workers();
    options.store = std::make_shared<EmptyStore>();
    Engine engine(options);
    LaneOptions lane;
    lane.max_concurrency = kWorkers;
    lane.requests = RateLimit{1e12, 1e9}; // never binding: the bucket arithmetic runs, nothing waits
    lane.tokens = RateLimit{1e15, 1e12};
    if (!engine.add_lane("provider", lane)) {
        state.SkipWithError("the bench lane was refused");
        return;
    }
    std::atomic<std::uint64_t> events{0};
    const TaskFn fn = [](TaskContext& context) -> Result<Completion> {
        RateSignals signals;
        signals.remaining_requests = 1e9;
        signals.remaining_tokens = 1e12;
        context.report_rate_limits(signals);
        return Completion{"{\"content\":\"ok\"}", 1200, 0, false};
    };
    const std::size_t batch = kBatch / 4;
    std::uint64_t next_key = 0;
    const double cpu_start = process_cpu_us();
    for (auto _ : state) {
        std::vector<TaskHandle> handles;
        handles.reserve(batch);
        for (std::size_t i = 0; i < batch; ++i) {
            TaskSpec spec;
            spec.key = "call-" + std::to_string(next_key++);
            spec.lane = "provider";
            spec.priority = Priority::standard;
            spec.cost = 1500;
            spec.on_event = [&events](const TaskEvent&) {
                events.fetch_add(1, std::memory_order_relaxed);
            };
            handles.push_back(*engine.try_submit(std::move(spec), fn));
        }
        for (const auto& handle : handles) {
            benchmark::DoNotOptimize(handle.wait());
        }
    }
    const double tasks = static_cast<double>(state.iterations() * batch);
    state.SetItemsProcessed(static_cast<std::int64_t>(tasks));
    state.counters["cpu_us_per_task"] = (process_cpu_us() - cpu_start) / tasks;
    state.counters["events_per_task"] = static_cast<double>(events.load()) / tasks;
}
BENCHMARK(BM_queue_llm_shaped_path)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

/// The same measure for a bare no-op task, so the LLM-shaped path's extra cost can be read off.
void BM_queue_noop_path_cpu(benchmark::State& state) {
    Engine engine(two_workers());
    const std::size_t batch = kBatch / 4;
    const double cpu_start = process_cpu_us();
    for (auto _ : state) {
        run_batch(engine, batch, TaskSpec{}, noop);
    }
    const double tasks = static_cast<double>(state.iterations() * batch);
    state.SetItemsProcessed(static_cast<std::int64_t>(tasks));
    state.counters["cpu_us_per_task"] = (process_cpu_us() - cpu_start) / tasks;
}
BENCHMARK(BM_queue_noop_path_cpu)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

} // namespace
