#pragma once
// The simulation report as one self-contained HTML page: verdicts first, then per scenario its outcome and two
// inline SVG charts over time (queue depth, and p95 wait), then every parameter with its source.

#include <string>

#include "sim/simulation.hpp"

namespace parley::report {

/// The page. Same rules as the other reports: strict CSP, no script, nothing fetched, every text escaped with
/// html_escape. Deterministic.
std::string render_simulation_html(const sim::SimulationReport& report);

} // namespace parley::report
