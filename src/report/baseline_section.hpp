#pragma once
// The report's section on the equal-cost baseline (`parley debate --baseline vote`): what it spent beside the
// debate, and the comparison by the review, the simulation and the eval panel, in Markdown and in HTML.

#include <string>

#include "debate/baseline_record.hpp"

namespace parley::report {

/// The baseline as a Markdown section whose heading is at `level`.
std::string baseline_markdown(const debate::Baseline& baseline, int level);

/// The baseline as an HTML section (id "equal-cost-baseline").
std::string baseline_html(const debate::Baseline& baseline);

} // namespace parley::report
