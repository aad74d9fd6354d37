#pragma once
// Reads an evaluator's answer as dialectic does (the first JSON object in the text; scores clamped to 1-10; a
// field that is not a number ignored), counting and describing every defect instead of failing on it.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/rubric.hpp"

namespace parley::eval {

/// What can be wrong with an answer; each is counted in the output.
enum class AnswerIssue {
    no_json,          ///< no JSON object anywhere in the answer: nothing usable
    not_a_number,     ///< a score that is no number (null, a word, an object): ignored
    string_number,    ///< a score written as a string ("8"): read as the number, with a warning
    out_of_range,     ///< a score outside 1-10: clamped
    missing_category, ///< a rubric item the answer does not score
};

/// "no_json", "not_a_number", "string_number", "out_of_range" or "missing_category".
const char* to_string(AnswerIssue issue);

/// Defect counts as a JSON object keyed by each defect's name, as the eval outputs write them.
nlohmann::json issues_json(const std::map<AnswerIssue, int>& issues);

/// One rubric item as the evaluator scored it.
struct ScoreItem {
    std::optional<double> score; ///< clamped to 1-10; absent when missing or not a number
    std::string reasoning;
    std::vector<std::string> evidence; ///< quotes the evaluator gave from the document (parley's "evidence" field)
};

/// One answer, read.
struct ParsedAnswer {
    nlohmann::json object; ///< the JSON object found (null when none)
    std::array<ScoreItem, kCategoryCount> items;
    std::map<AnswerIssue, int> issues;
    std::vector<std::string> warnings; ///< one line per defect, naming the field

    /// True when at least one rubric item has a score.
    bool usable() const;
};

/// The first complete JSON object in `text` (code fences and prose around it skipped), or a discarded value.
nlohmann::json first_json_object(std::string_view text);

/// Reads an answer in dialectic's evaluator contract (evaluation.functional_completeness,
/// evaluation.non_functional.*, overall_summary.overall_score; each {score, reasoning}, plus parley's optional
/// evidence list of quotes).
ParsedAnswer parse_evaluation(std::string_view text);

} // namespace parley::eval
