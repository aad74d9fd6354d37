#include "eval/rubric.hpp"

namespace parley::eval {

const std::array<Category, kCategoryCount>& rubric() {
    static const std::array<Category, kCategoryCount> items{{
        {"functional_completeness", "Functional Completeness", false},
        {"performance_scalability", "Performance & Scalability", true},
        {"security", "Security", true},
        {"maintainability_evolvability", "Maintainability & Evolvability", true},
        {"regulatory_compliance", "Regulatory Compliance", true},
        {"testability", "Testability", true},
        {"overall_score", "Overall Score", false},
    }};
    return items;
}

} // namespace parley::eval
