#include "report/figures.hpp"

#include <charconv>
#include <cmath>
#include <vector>

#include "report/html_text.hpp"
#include "util/money.hpp"

namespace parley::report {

std::string format_number(double value) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string(kUnknownFigure);
}

// Durations are shown in whole milliseconds (or seconds past ten of them), so reproducible runs print a clean 0.
std::string format_duration(double ms) {
    if (!std::isfinite(ms)) {
        return kUnknownFigure;
    }
    if (ms < 10000) {
        return std::to_string(std::llround(ms)) + " ms";
    }
    return format_number(std::round(ms / 100.0) / 10.0) + " s";
}

std::string call_metadata_line(const debate::CallMetadata& m, std::string (*name)(std::string_view)) {
    std::vector<std::string> parts;
    // A zero latency (reproducible mode, or an instant offline answer) says nothing worth a line of noise.
    if (m.latency_ms && *m.latency_ms != 0) {
        parts.push_back("latency " + format_duration(*m.latency_ms));
    }
    if (m.tokens_used) {
        parts.push_back(std::to_string(*m.tokens_used) + " tokens" + (m.tokens_estimated ? " (estimated)" : ""));
    }
    // Like a zero latency, a zero cost (an offline or free model) is not worth the noise.
    if (m.cost_usd && *m.cost_usd > 0) {
        parts.push_back("cost " + util::format_usd(*m.cost_usd));
    }
    if (!m.model.empty()) {
        parts.push_back("model " + name(m.model));
    }
    if (!m.provider.empty()) {
        parts.push_back("provider " + name(m.provider));
    }
    std::string line;
    for (const auto& part : parts) {
        line += (line.empty() ? "" : " · ") + part;
    }
    return line;
}

std::string synthesis_calls_line(const debate::Solution& s, std::string (*name)(std::string_view)) {
    const auto first = call_metadata_line(s.metadata, name);
    if (first.empty()) {
        return {};
    }
    const auto repair = s.repair_metadata ? call_metadata_line(*s.repair_metadata, name) : std::string();
    return "Synthesis call: " + first + (repair.empty() ? "" : "; repair call: " + repair);
}

std::string format_calls(const debate::RunMetrics& m) {
    const long journal = m.calls_from_journal - m.calls_from_cache;
    std::vector<std::string> parts;
    if (journal > 0) {
        parts.push_back(std::to_string(journal) + " from the journal");
    }
    if (m.calls_from_cache > 0) {
        parts.push_back(std::to_string(m.calls_from_cache) + " cached: $0");
    }
    std::string out = std::to_string(m.calls);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += (i == 0 ? " (" : ", ") + parts[i];
    }
    return parts.empty() ? out : out + ")";
}

std::string format_tokens(long count, bool estimated) {
    return std::to_string(count) + (estimated ? " (estimated)" : "");
}

std::string format_percentiles(const debate::DurationStats& stats) {
    return stats.samples == 0 ? std::string(kUnknownFigure)
                              : format_duration(stats.p50_ms) + " / " + format_duration(stats.p95_ms);
}

bool has_cost(const debate::RunMetrics& metrics) {
    return metrics.cost.usd > 0 || metrics.cost.unknown_calls > 0;
}

std::string html_text(const std::string& text) {
    return html_escape(text);
}

} // namespace parley::report
