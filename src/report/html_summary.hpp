#pragma once
// The summary that opens an HTML report: what a team lead needs to decide, on the first screen.

#include <string>

#include "report/summary.hpp"

namespace parley::report {

/// The `<section id="summary">` of `summary`: the decision, the confidence, the requirement scorecard, the top
/// risks, the disagreements that remained and who held which side, the open questions and the run's cost,
/// tokens, calls and time. Every text is escaped. `full_report` links to the synthesis below; a brief report has
/// none to link to.
std::string html_summary_section(const ReportSummary& summary, bool full_report);

} // namespace parley::report
