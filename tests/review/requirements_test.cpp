#include <catch2/catch.hpp>

#include "review/review.hpp"

using namespace parley::review;

namespace {

const char* kProblem = "# Problem\n\nSome context that must not be a requirement? No.\n\n## Requirements\n"
                       "- Sustain 100,000 jobs per minute at peak.\n"
                       "- Retry failed jobs with backoff, and set aside poison jobs\n"
                       "  that keep failing.\n"
                       "- Keep the colour scheme pleasant.\n"
                       "\n## Open questions\n- Should workers pull or push?\n";

} // namespace

TEST_CASE("requirements are the bullet lines and modal sentences, continuations joined, questions left out",
          "[review]") {
    const auto reqs = requirement_lines(split_lines(kProblem));
    REQUIRE(reqs.size() == 4);
    CHECK(reqs[1].text.find("Sustain") != std::string::npos);
    CHECK(reqs[2].text.find("keep failing") != std::string::npos);
}

TEST_CASE("a requirement is addressed when its concerns are covered and its numbers stated", "[review]") {
    const std::string design = "Peak: 1,667 jobs per second; workers scale out.\n"
                               "Failures retry with exponential backoff and jitter, up to 5 attempts, then go to a "
                               "dead-letter queue that operators re-drive.\n";
    const auto review = review_design(design, std::string_view(kProblem));
    REQUIRE(review.requirements);
    const auto& reqs = *review.requirements;
    REQUIRE(reqs.size() == 4);
    CHECK(reqs[1].addressed); // 100,000 per minute is 1,667 per second
    CHECK(reqs[2].addressed);
    CHECK(reqs[2].concerns == std::vector<std::string>{"retries", "dead_letter"});
    CHECK_FALSE(reqs[3].addressed);
    CHECK_THAT(reqs[3].reason, Catch::Contains("few of its words"));
}

TEST_CASE("a requirement whose number the design never states is unaddressed", "[review]") {
    const auto review = review_design("Peak: 500 jobs per second; workers scale out.\n", std::string_view(kProblem));
    const auto& sustain = review.requirements->at(1);
    CHECK_FALSE(sustain.addressed);
    CHECK(sustain.unmet_numbers == std::vector<std::string>{"100,000 jobs per minute"});
}

TEST_CASE("a partial concern addresses a requirement unless the requirement asks for an aspect it lacks", "[review]") {
    const std::string design = "Failed jobs are retried with exponential backoff, at most 5 attempts.\n";
    const auto plain = review_design(design, std::string_view("- Retry failed jobs with backoff.\n"));
    REQUIRE(plain.requirements);
    CHECK(plain.requirements->at(0).addressed);
    const auto jitter = review_design(design, std::string_view("- Retry failed jobs with backoff and jitter.\n"));
    REQUIRE(jitter.requirements);
    CHECK_FALSE(jitter.requirements->at(0).addressed);
    CHECK_THAT(jitter.requirements->at(0).reason, Catch::Contains("retries is partial (jitter not stated)"));
}
