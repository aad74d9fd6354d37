#include "report/figures.hpp"

#include <cmath>

#include "report/svg_chart.hpp"

namespace parley::report {

std::string duration_text(double ms) {
    if (!std::isfinite(ms)) {
        return "—";
    }
    if (ms < 10000) {
        return std::to_string(std::llround(ms)) + " ms";
    }
    return chart_number(ms / 1000.0, 1) + " s";
}

std::string cost_text(const debate::Cost& cost) {
    if (cost.unknown_calls == 0) {
        return debate::format_usd(cost.usd);
    }
    const std::string unknown = "unknown (" + std::to_string(cost.unknown_calls) +
                                (cost.unknown_calls == 1 ? " call" : " calls") + " of a model without a price)";
    return cost.usd > 0 ? debate::format_usd(cost.usd) + " + " + unknown : unknown;
}

std::string percentiles_text(const debate::DurationStats& stats) {
    return stats.samples == 0 ? std::string("—") : duration_text(stats.p50_ms) + " / " + duration_text(stats.p95_ms);
}

bool has_cost(const debate::RunMetrics& metrics) {
    return metrics.cost.usd > 0 || metrics.cost.unknown_calls > 0;
}

} // namespace parley::report
