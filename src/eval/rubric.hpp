#pragma once
// The rubric evaluators score against: dialectic's six categories and the overall score, each 1-10.

#include <array>
#include <string_view>

namespace parley::eval {

/// One scored item of the rubric.
struct Category {
    std::string_view key;   ///< the JSON field name: "functional_completeness", ..., "overall_score"
    std::string_view label; ///< the column heading: "Functional Completeness", ..., "Overall Score"
    bool non_functional;    ///< found under evaluation.non_functional in an evaluator's answer
};

/// How many items the rubric has: six categories and the overall score.
inline constexpr std::size_t kCategoryCount = 7;

/// Index of the overall score in rubric().
inline constexpr std::size_t kOverall = 6;

/// The lowest and highest score an evaluator may give.
inline constexpr double kMinScore = 1;
inline constexpr double kMaxScore = 10;

/// The rubric in dialectic's column order, the overall score last.
const std::array<Category, kCategoryCount>& rubric();

} // namespace parley::eval
