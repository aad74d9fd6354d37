#pragma once
// The HTML report of a debate: one self-contained file (inline CSS and SVG, no script, no request to any host)
// that opens with the summary and charts and folds the full debate, round by round, below.

#include <optional>
#include <string>

#include "debate/debate_state.hpp"
#include "report/markdown_report.hpp"
#include "report/svg_chart.hpp"

namespace parley::report {

/// The debate as one HTML document. Deterministic: the same state gives the same bytes. `scores`, when given
/// (an evaluated debate), adds the scores-with-intervals chart.
std::string render_html(const debate::DebateState& state, const ReportOptions& options,
                        const std::optional<ScoreChart>& scores = std::nullopt);

} // namespace parley::report
