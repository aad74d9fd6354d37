#pragma once
// The scores of an evaluated debate, read from the panel's verdict as `parley eval -o FILE.json` writes it (and a
// debate JSON keeps under parley.evaluation), so every report and comparison shows the same numbers.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace parley::report {

/// One evaluation score, for debates that were evaluated (`parley eval`); the summary shows them when present.
struct EvalScore {
    std::string category;
    std::string evaluator;       ///< empty for the panel's mean over its evaluators
    std::optional<double> score; ///< nothing when withheld (every score unsupported or unanswered)
    std::optional<double> low;   ///< interval, when the panel gives one
    std::optional<double> high;  ///< interval, when the panel gives one
    std::string agreement;       ///< the panel's verdict in plain words; empty on an evaluator's own score
    long unsupported = 0;        ///< scores left out because their quotes are not in the document
};

/// A panel's scores with where they come from and its warnings.
struct EvaluationScores {
    std::vector<EvalScore> scores;     ///< per rubric item the panel's mean, then (with two or more) each evaluator's
    std::string basis;                 ///< one sentence: offline or not, agreement across the rubric, left-out scores
    std::vector<std::string> warnings; ///< the panel's warnings, as it wrote them
};

/// The scores of `evaluation`; empty when it is not a panel's verdict. Never throws on a malformed object.
EvaluationScores evaluation_scores(const nlohmann::json& evaluation);

/// The panel's means only (the rows whose evaluator is empty), in rubric order.
std::vector<EvalScore> panel_means(const std::vector<EvalScore>& scores);

/// The panel's means on one line for a comparison cell: "Security 7.5 (6.9–8.1); ...; Overall Score withheld";
/// empty when there are none.
std::string panel_means_line(const std::vector<EvalScore>& scores);

} // namespace parley::report
