#pragma once
// The HTML report of a debate: one self-contained file (inline CSS and SVG, no script, no request to any host)
// that opens with the summary and charts and folds the full debate, round by round, below.

#include <string>

#include "debate/debate_state.hpp"
#include "report/markdown_report.hpp"
#include "report/summary.hpp"

namespace parley::report {

/// The debate as one HTML document, opening with build_summary(state). Deterministic: the same state gives the
/// same bytes.
std::string render_html(const debate::DebateState& state, const ReportOptions& options);

/// The same with a summary the caller built or completed (an evaluated debate's scores add the
/// scores-with-intervals chart).
std::string render_html(const debate::DebateState& state, const ReportSummary& summary, const ReportOptions& options);

} // namespace parley::report
