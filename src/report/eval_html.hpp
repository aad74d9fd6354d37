#pragma once
// The page `parley eval -o FILE.html` writes: one self-contained file in the HTML report's style and CSP, the
// verdict first (overall score, agreement, warnings), then the scores per category with their chart, then each
// evaluator's reasoning and quoted evidence; for `--compare`, the pairwise verdicts and flip rates.

#include <string>

#include <nlohmann/json.hpp>

namespace parley::report {

/// The HTML page of a panel's verdict, from the JSON `eval::to_json` writes (a scoring or a `--compare`
/// comparison). Every text from the file is escaped; deterministic.
std::string render_eval_html(const nlohmann::json& result);

} // namespace parley::report
