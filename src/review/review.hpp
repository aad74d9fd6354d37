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
    std::size_t missing = 0;
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

/// The review as JSON: `checklist`, `capacity`, `requirements` (with a problem), `summary`, `quantities`.
nlohmann::json to_json(const Review& review);

/// A short Markdown scorecard a person reads in a minute: the counts, what is contradicted or missing, the
/// capacity checks that are wrong or unknown, the unaddressed requirements. `heading_level` is the level of
/// its own heading (1 for a document, deeper inside a report).
std::string to_markdown(const Review& review, int heading_level = 1);

} // namespace parley::review
