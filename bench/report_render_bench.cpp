// Rendering one large debate (10 agents, 5 rounds, from the offline provider) as Markdown and as HTML, and the
// size of each: issue 14's targets are under 100 ms and an HTML file under 2 MB. bench/run.sh makes the debate
// and passes its JSON in PARLEY_REPORT_BENCH_DEBATE. Run alone: PARLEY_REPORT_BENCH_DEBATE=FILE report_render_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "debate/debate_state.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"

using namespace parley;

namespace {

// The debate is loaded once; loading is not what these benchmarks time.
const std::optional<debate::DebateState>& bench_debate() {
    static const std::optional<debate::DebateState> state = []() -> std::optional<debate::DebateState> {
        const char* path = std::getenv("PARLEY_REPORT_BENCH_DEBATE");
        if (path == nullptr) {
            return std::nullopt;
        }
        auto loaded = debate::load_debate(path);
        return loaded ? std::optional<debate::DebateState>(std::move(*loaded)) : std::nullopt;
    }();
    return state;
}

template <class Render> void run(benchmark::State& bench, Render render) {
    const auto& state = bench_debate();
    if (!state) {
        bench.SkipWithError("set PARLEY_REPORT_BENCH_DEBATE to a debate JSON (bench/run.sh makes one)");
        return;
    }
    std::size_t bytes = 0;
    for (auto _ : bench) {
        const auto out = render(*state);
        bytes = out.size();
        benchmark::DoNotOptimize(out.data());
    }
    long contributions = 0;
    for (const auto& round : state->rounds) {
        contributions += static_cast<long>(round.contributions.size());
    }
    bench.counters["bytes"] = static_cast<double>(bytes);
    bench.counters["agents"] = static_cast<double>(state->agents.size());
    bench.counters["rounds"] = static_cast<double>(state->rounds.size());
    bench.counters["contributions"] = static_cast<double>(contributions);
}

void BM_render_markdown(benchmark::State& bench) {
    run(bench, [](const debate::DebateState& s) { return report::render_markdown(s, report::ReportOptions{}); });
}
BENCHMARK(BM_render_markdown)->Unit(benchmark::kMillisecond);

void BM_render_html(benchmark::State& bench) {
    run(bench, [](const debate::DebateState& s) { return report::render_html(s, report::ReportOptions{}); });
}
BENCHMARK(BM_render_html)->Unit(benchmark::kMillisecond);

} // namespace
