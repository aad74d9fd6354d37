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

TEST_CASE("a missing concern the problem never asks for costs the judge no confidence", "[review]") {
    const std::string design = "Workers take jobs from one table.\n";
    const auto plain = review_design(design, std::string_view("- Run every uploaded photo's resize as a job.\n"));
    const auto asked = review_design(design, std::string_view("- Run every uploaded photo's resize as a job.\n"
                                                              "- Urgent jobs go first, by priority.\n"));
    const Concern* priorities = find_concern("priorities");
    REQUIRE(priorities);
    CHECK_FALSE(problem_asks_for(plain, *priorities));
    CHECK(problem_asks_for(asked, *priorities));
    CHECK(problem_asks_for(review_design(design), *priorities));
    CHECK(problem_asks_for(plain, *find_concern("durability")));
    CHECK(confidence_penalty_for_problem(review_design(design)) == confidence_penalty(review_design(design)));

    // A review whose only missing concerns are priorities and durability, for a problem without priorities.
    Review review;
    review.requirements = std::vector<RequirementResult>{};
    review.checklist.push_back({priorities, ConcernStatus::absent, {}, {}, {}, {}, {}});
    review.checklist.push_back({find_concern("durability"), ConcernStatus::absent, {}, {}, {}, {}, {}});
    review.summary.absent = 2;
    review.summary.missing = 2;
    CHECK(confidence_penalty(review) == 2);
    CHECK(confidence_penalty_for_problem(review) == 1);
}

TEST_CASE("a partial concern costs the judge half the confidence an absent one does", "[review]") {
    Review review;
    review.checklist.push_back({find_concern("retries"), ConcernStatus::partial, {}, {"jitter"}, {}, {}, {}});
    review.checklist.push_back({find_concern("durability"), ConcernStatus::partial, {}, {"replication"}, {}, {}, {}});
    review.summary.partial = 2;
    review.summary.missing = 2;
    CHECK(confidence_penalty(review) == 1);
    CHECK(confidence_penalty_for_problem(review) == 1);
}
