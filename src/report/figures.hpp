#pragma once
// Run figures as reports print them: durations, token counts, money, percentiles.

#include <string>

#include "debate/debate_state.hpp"

namespace parley::report {

/// Whole milliseconds below ten seconds ("840 ms"), tenths of a second above ("12.5 s"); "—" when not finite.
std::string duration_text(double ms);

/// A cost with its unknown part said plainly ("$0.12 + unknown (2 calls of a model without a price)").
std::string cost_text(const debate::Cost& cost);

/// "p50 / p95" of a set of durations, or "—" when it has no samples.
std::string percentiles_text(const debate::DurationStats& stats);

/// True when a run recorded money to show: offline runs, free models and older files record none.
bool has_cost(const debate::RunMetrics& metrics);

} // namespace parley::report
