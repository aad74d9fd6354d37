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
#include "llm/answer_check.hpp"

namespace parley::eval {

/// What can be wrong with an answer; each is counted in the output.
enum class AnswerIssue {
    no_json,          ///< no JSON object anywhere in the answer: nothing usable
    not_a_number,     ///< a score that is no number (null, a word, an object): ignored
    string_number,    ///< a score written as a string ("8"): read as the number, with a warning
    out_of_range,     ///< a score outside 1-10: clamped
    missing_category, ///< a rubric item the answer does not score
    echo,             ///< the answer repeats the prompt (a score JSON copied from the document is one): no scores
    placeholder,      ///< a `<...>` placeholder of the prompt's template in the answer: no scores
    wrong_shape,      ///< a part of the wrong JSON type (an array where an object belongs)
};

/// "no_json", "not_a_number", "string_number", "out_of_range", "missing_category", "echo", "placeholder" or
/// "wrong_shape".
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
    llm::AnswerCheck check;            ///< the answer against the evaluator's schema and the prompt

    /// True when at least one rubric item has a score and the answer is the evaluator's own (no echo, no
    /// placeholder).
    bool usable() const;
};

/// The first complete JSON object in `text` (code fences and prose around it skipped), or a discarded value.
nlohmann::json first_json_object(std::string_view text);

/// Reads an answer in dialectic's evaluator contract (evaluation.functional_completeness,
/// evaluation.non_functional.*, overall_summary.overall_score; each {score, reasoning}, plus parley's optional
/// evidence list of quotes), and checks it against the evaluator's schema and `prompt` (every message sent): an
/// echo of the prompt or a copied placeholder leaves the answer without scores.
ParsedAnswer parse_evaluation(std::string_view text, std::string_view prompt = {});

} // namespace parley::eval
