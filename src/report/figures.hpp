#pragma once
// Numbers as every report prints them: durations, plain numbers and costs with their unknown part.

#include <string>
#include <string_view>

#include "debate/debate_state.hpp"
#include "util/money.hpp"

namespace parley::report {

/// The calls of a run, with those it did not pay for: "12 (3 from the journal, 5 cached: $0)".
std::string format_calls(const debate::RunMetrics& metrics);

/// What a report prints where a figure is unknown.
inline constexpr const char* kUnknownFigure = "—";

/// The shortest text that reads back as `value` ("72", "0.5"); the unknown mark when it cannot be printed.
std::string format_number(double value);

/// Whole milliseconds below ten seconds ("850 ms"), tenths of seconds above ("12.3 s").
std::string format_duration(double ms);

/// A token count, marked when parley estimated it.
std::string format_tokens(long count, bool estimated);

/// "p50 / p95" of a set of durations, or the unknown mark when it has no samples.
std::string format_percentiles(const debate::DurationStats& stats);

/// True when a run recorded money to show: offline runs, free models and older files record none.
bool has_cost(const debate::RunMetrics& metrics);

/// One call's figures on one line, "latency 850 ms · 1200 tokens · cost $0.0012 · model M · provider P", with
/// the model and provider names rendered by `name` (Markdown-literal for a Markdown report, as written for an HTML
/// one, which escapes the whole line); a zero latency or cost and missing figures are left out.
std::string call_metadata_line(const debate::CallMetadata& metadata, std::string (*name)(std::string_view));

/// "Synthesis call: ...; repair call: ..." for the judge's synthesis (call_metadata_line's parts), or "" when the
/// file records no synthesis call (a dialectic file).
std::string synthesis_calls_line(const debate::Solution& solution, std::string (*name)(std::string_view));

/// `text` made safe for the few HTML tags Markdown reports use: html_escape's result, so one function escapes
/// every text that reaches HTML.
std::string html_text(const std::string& text);

} // namespace parley::report
