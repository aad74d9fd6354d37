#pragma once
// A panel's verdict on one document: every evaluator's answers, read and checked, then aggregated per rubric
// item with spread, interval and agreement, and the warnings a reader of the scores needs.

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eval/blinding.hpp"
#include "eval/quotes.hpp"
#include "eval/rubric.hpp"
#include "eval/score_parser.hpp"
#include "eval/statistics.hpp"
#include "util/money.hpp"

namespace parley::eval {

/// The document a panel judges, as the evaluators are shown it.
struct Document {
    std::string label;          ///< the file it came from, for outputs
    std::string text;           ///< blinded: what the evaluators see and what their quotes are checked against
    std::string problem;        ///< blinded too; may be empty
    std::string clarifications; ///< Markdown of a debate's clarifications; may be empty
    std::vector<Author> authors;
};

/// An evaluator as outputs name it.
struct EvaluatorInfo {
    std::string id;
    std::string name;
    std::string model;
    std::string provider;
};

/// One call of one evaluator.
struct SampleResult {
    int sample = 0;
    std::optional<ParsedAnswer> answer;                    ///< absent when the call failed
    std::string error;                                     ///< why the call failed
    std::array<EvidenceStatus, kCategoryCount> evidence{}; ///< filled by aggregate()
    long tokens = 0;
    std::optional<double> cost_usd; ///< absent when the model has no known price
    bool from_journal = false;
    bool from_cache = false; ///< of from_journal: served from the shared cache (--cache)
    bool repaired = false;   ///< the answer kept is the repair's (the first failed the check)
};

/// Every call of one evaluator.
struct EvaluatorResult {
    EvaluatorInfo info;
    std::vector<SampleResult> samples;
};

/// One rubric item across the panel.
struct CategoryResult {
    Spread spread;                                   ///< over every score used, all evaluators and samples
    std::vector<std::optional<double>> by_evaluator; ///< each evaluator's mean over its samples
    std::optional<double> alpha;                     ///< units: the samples; coders: the evaluators
    std::optional<double> mean_abs_diff;             ///< between the evaluators' means
    Agreement agreement = Agreement::not_measurable;
    int unsupported = 0; ///< scores whose quotes are not in the document
    int unquoted = 0;    ///< scores given without quotes
};

/// A panel's whole verdict.
struct EvalResult {
    std::string document;
    int samples = 1;
    bool keep_unsupported = false;
    bool offline = false; ///< the scores come from the offline design review, not from models
    std::vector<EvaluatorResult> evaluators;
    std::array<CategoryResult, kCategoryCount> categories;
    std::optional<double> alpha; ///< over the whole rubric: units are the rubric items, coders the evaluators
    Agreement agreement = Agreement::not_measurable; ///< of the overall score, with the rubric-wide alpha
    std::map<AnswerIssue, int> issues;               ///< defects of every answer, counted
    std::vector<std::string> warnings;               ///< self-preference, evaluators with no usable answer, ...
    long tokens = 0;
    util::Money cost; ///< with the calls whose price is unknown; journal answers cost nothing again
    std::size_t calls = 0;
    std::size_t from_journal = 0;
    std::size_t from_cache = 0;        ///< of from_journal: served from the shared cache (--cache), $0
    std::size_t usable_evaluators = 0; ///< evaluators with at least one usable answer
    std::size_t repair_calls = 0;      ///< answers asked again because they failed the check
};

/// Checks every answer's quotes against `document`, counts defects, and aggregates. Unsupported scores are left
/// out of every statistic unless `keep_unsupported`.
EvalResult aggregate(std::vector<EvaluatorResult> evaluators, const Document& document, int samples,
                     bool keep_unsupported);

/// One warning per evaluator whose model also wrote the document: "self-preference: evaluator X (model M) also
/// wrote the debate as agent Y"; models match ignoring case and a vendor prefix ("openai/gpt-4o" is "gpt-4o"). The
/// offline evaluator (provider "offline") is never warned about.
std::vector<std::string> self_preference_warnings(const std::vector<EvaluatorInfo>& evaluators,
                                                  const std::vector<Author>& authors);

} // namespace parley::eval
