#include <catch2/catch.hpp>

#include "review/judge_view.hpp"

using namespace parley::review;

TEST_CASE("a judge finds a requirement by its text, list marks and wrapping aside", "[review]") {
    const auto review = review_design("Peak: 10 jobs per second.\n",
                                      std::string_view("- Sustain 1,000 jobs per second at peak\n  for years.\n"));
    CHECK(requirement_addressed(review, "Sustain 1,000 jobs per second at peak") == false);
    CHECK_FALSE(requirement_addressed(review, "Something the problem never said"));
    CHECK_FALSE(requirement_addressed(review_design("x"), "Sustain 1,000 jobs per second at peak"));
}

TEST_CASE("contradictions and wrong math are major findings; the confidence penalty is capped", "[review]") {
    const auto review = review_design("Redis persistence is turned off.\n40 × 16 = 540 slots\n");
    const auto findings = major_findings(review);
    REQUIRE(findings.size() == 2);
    CHECK_THAT(findings[0], Catch::StartsWith("Design review: Durability"));
    CHECK_THAT(findings[1], Catch::Contains("stated 540, computed 640"));
    // 1 per missing concern (capped at 8) + 5 per contradiction + 4 per wrong check.
    CHECK(confidence_penalty(review) == 8 + 5 + 4);
    CHECK(confidence_penalty(Review{}) == 0);
}
