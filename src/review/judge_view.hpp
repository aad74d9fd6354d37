#pragma once
// What a judge takes from a review of the proposals it synthesizes: which requirements they leave unaddressed,
// the findings that make a requirement unfulfilled, and how far the review lowers the judge's confidence.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "review/review.hpp"

namespace parley::review {

/// Whether the review found the requirement with this text addressed; nothing when the review has no
/// requirement of that text (or was made without a problem).
std::optional<bool> requirement_addressed(const Review& review, std::string_view requirement_text);

/// One line per contradicted concern and per wrong capacity check: "Design review: Durability … contradicted
/// (line 12: …)". These are unfulfilled whatever the proposals claim.
std::vector<std::string> major_findings(const Review& review);

/// The points a judge's 0-100 confidence loses for what the review found: 1 per absent concern and 1 per two
/// partial ones (at most 8), 5 per contradicted concern and 4 per wrong capacity check (at most 20 together).
int confidence_penalty(const Review& review);

/// True when the problem of a review asks for what `concern` settles: the concern is one every task queue must
/// settle, or one of the problem's requirements bears on it. Priorities, ordering, fairness between tenants and
/// scheduled jobs are features a problem has to ask for. True for every concern of a review without a problem.
bool problem_asks_for(const Review& review, const Concern& concern);

/// As confidence_penalty, but an absent or partial concern the problem does not ask for (problem_asks_for) costs
/// nothing: a design is not marked down for leaving out a feature nobody asked for.
int confidence_penalty_for_problem(const Review& review);

} // namespace parley::review
