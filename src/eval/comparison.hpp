#pragma once
// Pairwise comparison: each evaluator says which of two documents is better per rubric item, asked in both
// orders. A verdict that flips with the order is position bias and counts as a tie; the flip rate is reported per
// evaluator, and the overall winner is withheld when the orders disagree more often than they agree.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/panel.hpp"
#include "util/money.hpp"

namespace parley::eval {

/// What an evaluator picked, by the position the document was shown in.
enum class Pick { first, second, tie };

/// One comparison answer, read.
struct ComparisonAnswer {
    std::array<std::optional<Pick>, kCategoryCount> picks;
    std::map<AnswerIssue, int> issues;
    std::vector<std::string> warnings;
    llm::AnswerCheck check; ///< the answer against the comparison schema and the prompt

    /// True when the answer is the evaluator's own (no echo, no placeholder, some JSON) and picks the overall winner.
    bool usable() const;
};

/// Reads {"comparison": {"<item>": {"winner": "A"|"B"|"tie"}, ..., "overall": {...}}}, checked against the
/// comparison schema and `prompt` (every message sent): an answer that says nothing of its own (an echo, the
/// template's placeholders, no JSON) picks nothing. Every defect is counted.
ComparisonAnswer parse_comparison(std::string_view text, std::string_view prompt = {});

/// One sample of one evaluator: the answer with A shown first, and with B shown first.
struct ComparisonSample {
    int sample = 0;
    std::optional<ComparisonAnswer> a_first;
    std::optional<ComparisonAnswer> b_first;
    std::string error; ///< why a call failed, when one did
    long tokens = 0;
    std::optional<double> cost_usd;
    std::size_t from_journal = 0;
    int repair_calls = 0; ///< answers of this sample asked again because they failed the check (0 to 2)
};

/// Every sample of one evaluator.
struct ComparisonEvaluator {
    EvaluatorInfo info;
    std::vector<ComparisonSample> samples;
    int pairs = 0; ///< items answered in both orders
    int flips = 0; ///< of those, the ones where each order named the document shown first (or second)
};

/// The document that won, once both orders are reconciled.
enum class Winner { a, b, tie };

/// "A", "B" or "tie".
const char* to_string(Winner winner);

/// The tally of one rubric item across evaluators and samples.
struct ItemTally {
    int a = 0;
    int b = 0;
    int ties = 0;     ///< both orders said tie, or they did not agree
    int flips = 0;    ///< of the ties, those where the orders named opposite documents
    int agreeing = 0; ///< pairs where both orders gave the same verdict
};

/// A whole comparison.
struct ComparisonResult {
    std::string label_a;
    std::string label_b;
    int samples = 1;
    bool offline = false;
    std::vector<ComparisonEvaluator> evaluators;
    std::array<ItemTally, kCategoryCount> items;
    std::optional<Winner> winner; ///< absent when withheld
    std::string winner_note;      ///< why it is withheld, or how it was decided
    std::map<AnswerIssue, int> issues;
    std::vector<std::string> warnings;
    long tokens = 0;
    util::Money cost; ///< with the calls whose price is unknown
    std::size_t calls = 0;
    std::size_t from_journal = 0;
    std::size_t usable_evaluators = 0; ///< evaluators with at least one usable answer in both orders
    std::size_t repair_calls = 0;      ///< answers asked again because they failed the check
};

/// Reconciles both orders of every sample and tallies them.
ComparisonResult tally_comparison(std::vector<ComparisonEvaluator> evaluators, std::string label_a, std::string label_b,
                                  int samples);

/// The comparison as JSON.
nlohmann::json to_json(const ComparisonResult& result);
/// The comparison as Markdown.
std::string to_markdown(const ComparisonResult& result);
/// The comparison as CSV: a row per item (wins of A, of B, ties, flips), then a row per evaluator (flip rate).
std::string to_csv(const ComparisonResult& result);

} // namespace parley::eval
