// The simulation's speed (issue 23): simulated jobs per second of wall time on one thread, and a default
// `parley simulate` run (2 hours of virtual time at the design's peak, the peak and outage scenarios) end to end.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>

#include "sim/engine.hpp"
#include "sim/parameters.hpp"
#include "sim/simulation.hpp"

using namespace parley::sim;

namespace {

// The sound Redis Streams design's queue: 1,667 jobs/s at peak, 40 x 100 slots, lognormal jobs with a 2 s mean,
// three weighted classes, retries, a heartbeat lease.
Model design_queue() {
    Model m;
    m.peak_rate = 1666.67;
    m.average_rate = 833;
    m.service = lognormal_from_median_mean(0.65, 2).value();
    m.workers = 40;
    m.concurrency = 100;
    m.classes = {{"high", 1, 6}, {"standard", 1, 3}, {"low", 1, 1}};
    m.priority_mode = PriorityMode::weighted;
    m.max_attempts = 8;
    m.jitter = Jitter::full;
    m.transient_failure = 0.01;
    m.permanent_failure = 0.001;
    m.lease = 60;
    m.heartbeat = true;
    return m;
}

void BM_sim_jobs_per_second(benchmark::State& state) {
    const Model model = design_queue();
    Scenario scenario;
    scenario.name = "peak";
    scenario.duration = 7200;
    std::uint64_t jobs = 0;
    std::uint64_t seed = 1;
    const std::clock_t cpu = std::clock();
    for (auto _ : state) {
        const auto run = run_scenario(model, scenario, seed++);
        jobs += run.arrivals;
        benchmark::DoNotOptimize(run.completions);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(jobs));
    state.counters["jobs_per_run"] = static_cast<double>(jobs) / static_cast<double>(state.iterations());
    // On a loaded machine wall time counts other processes' turns too; CPU time is this thread's own work.
    const double cpu_seconds = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    state.counters["jobs_per_cpu_s"] = static_cast<double>(jobs) / cpu_seconds;
}
BENCHMARK(BM_sim_jobs_per_second)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

std::string example(const std::string& path) {
    std::ifstream in(std::string(PARLEY_BENCH_SOURCE_DIR) + "/examples/" + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void BM_sim_default_run(benchmark::State& state) {
    SimulationRequest request;
    request.inputs.design = example("designs/redis-streams/sound.md");
    request.inputs.problem = example("task-queue/problem.md");
    std::uint64_t jobs = 0;
    const std::clock_t cpu = std::clock();
    for (auto _ : state) {
        const auto report = simulate(request);
        if (!report || report->runs.empty()) {
            state.SkipWithError("the example design could not be simulated");
            return;
        }
        for (const auto& run : report->runs) {
            jobs += run.arrivals;
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(jobs));
    // The scenarios run on their own threads: the process's CPU time per run, over every thread.
    state.counters["cpu_s_per_run"] =
        static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC / static_cast<double>(state.iterations());
}
BENCHMARK(BM_sim_default_run)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The default run's scenarios one after the other, each timed on this thread's CPU clock: the default run gives each
// its own thread, so on two idle cores it takes about its longest scenario (longest_scenario_cpu_s), whatever else
// the machine is running.
void BM_sim_default_scenarios(benchmark::State& state) {
    ParameterInputs inputs;
    inputs.design = example("designs/redis-streams/sound.md");
    inputs.problem = example("task-queue/problem.md");
    const auto build = build_model(inputs);
    if (!build || !build->missing.empty()) {
        state.SkipWithError("the example design could not be simulated");
        return;
    }
    double longest = 0;
    for (auto _ : state) {
        std::uint64_t seed = 1;
        for (const auto& scenario : default_scenarios(7200)) {
            const double before = thread_cpu_seconds();
            const auto run = run_scenario(build->model, scenario, seed++);
            benchmark::DoNotOptimize(run.completions);
            longest = std::max(longest, thread_cpu_seconds() - before);
        }
    }
    state.counters["longest_scenario_cpu_s"] = longest;
}
BENCHMARK(BM_sim_default_scenarios)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

} // namespace
