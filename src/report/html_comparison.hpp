#pragma once
// Several debates side by side as one self-contained HTML page (`parley report A.json B.json -o cmp.html`).

#include <string>
#include <vector>

#include "report/comparison.hpp"

namespace parley::report {

/// The comparison as one HTML document: a table of the comparison rows (problem, config, models, confidence,
/// requirements, scores, cost, tokens, time), charts of confidence, tokens and time per debate, then each
/// debate's decision. Same page rules as render_html: strict CSP, no script, every text escaped. Deterministic.
std::string render_comparison_html(const std::vector<ComparedDebate>& debates);

} // namespace parley::report
