#pragma once
// The deterministic review of a task-queue design: the checklist, the capacity math and, given the problem,
// the requirements it leaves unaddressed. No model, no network; the same text always gives the same review.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "review/capacity.hpp"
#include "review/checklist.hpp"
#include "review/requirements.hpp"

namespace parley::review {

/// Counts that sum a review up.
struct ReviewSummary {
    std::size_t covered = 0;
    std::size_t partial = 0;
    std::size_t absent = 0;
    std::size_t missing = 0; ///< partial + absent: what the first review JSON called "missing"
    std::size_t contradicted = 0;
    std::size_t checks_ok = 0;
    std::size_t checks_wrong = 0;
    std::size_t checks_unknown = 0;
    std::size_t requirements_addressed = 0;
    std::size_t requirements_unaddressed = 0;
};

/// A whole review.
struct Review {
    std::vector<ConcernResult> checklist;
    CapacityReview capacity;
    std::optional<std::vector<RequirementResult>> requirements; ///< only when a problem was given
    ReviewSummary summary;
};

/// Reviews `design`, and maps the requirements of `problem` onto it when one is given.
Review review_design(std::string_view design, std::optional<std::string_view> problem = std::nullopt);

/// True when `problem` asks for a task or job queue (it names a queue, jobs or workers): the checklist is
/// about those, so debates on other problems carry no review.
bool is_task_queue_problem(std::string_view problem);

/// The text of a debate's final solution that is reviewed: its description, then its implementation.
std::string solution_text(std::string_view description, std::string_view implementation);

/// The review as JSON: `checklist`, `capacity`, `requirements` (with a problem), `summary`, and the extracted
/// `quantities` unless `with_quantities` is false (inside a debate JSON they would only add bulk). A concern's
/// `status` keeps the first version's three values (covered, missing, contradicted); `verdict` holds the four
/// (covered, partial, absent, contradicted) and `aspects` each aspect with its own evidence
/// (docs/review-accuracy.md).
nlohmann::json to_json(const Review& review, bool with_quantities = true);

/// How much a Markdown scorecard shows.
enum class ScorecardStyle {
    full,  ///< every concern in a table, then what needs a look
    brief, ///< the counts and what needs a look, for the top of a debate report
};

/// A short Markdown scorecard a person reads in a minute: the counts, what is contradicted or missing, the
/// capacity checks that are wrong or unknown, the unaddressed requirements. `heading_level` is the level of
/// its own heading (1 for a document, deeper inside a report).
std::string to_markdown(const Review& review, int heading_level = 1, ScorecardStyle style = ScorecardStyle::full);

} // namespace parley::review
