#pragma once
// The summary of a debate as Markdown: what every report opens with, and all that `--brief` prints.

#include <string>

#include "report/summary.hpp"

namespace parley::report {

/// The summary's sections (decision, confidence, requirements, risks, disagreements, open questions, figures,
/// scores when evaluated) under headings of level `heading_level`; a failed run's error comes first.
std::string summary_markdown(const ReportSummary& summary, int heading_level);

} // namespace parley::report
