// Reading evaluator answers the way dialectic does: every defect handled (clamped, ignored, warned) and counted.

#include <catch2/catch.hpp>

#include "eval/score_parser.hpp"

using parley::eval::AnswerIssue;
using parley::eval::kOverall;
using parley::eval::parse_evaluation;

namespace {

const std::string kWellFormed = R"({
  "evaluation": {
    "functional_completeness": {"score": 8, "reasoning": "covers the jobs", "evidence": ["jobs are acked"]},
    "non_functional": {
      "performance_scalability": {"score": 7, "reasoning": "r"},
      "security": {"score": 6, "reasoning": "r"},
      "maintainability_evolvability": {"score": 5, "reasoning": "r"},
      "regulatory_compliance": {"score": 4, "reasoning": "r"},
      "testability": {"score": 3, "reasoning": "r"}
    }
  },
  "overall_summary": {"strengths": "s", "weaknesses": "w", "overall_score": 7}
})";

} // namespace

TEST_CASE("a well-formed answer gives every score, its reasoning and its quotes, with no defect", "[eval][parse]") {
    const auto a = parse_evaluation(kWellFormed);
    REQUIRE(a.usable());
    CHECK(a.issues.empty());
    CHECK(*a.items[0].score == 8);
    CHECK(a.items[0].reasoning == "covers the jobs");
    CHECK(a.items[0].evidence == std::vector<std::string>{"jobs are acked"});
    CHECK(*a.items[5].score == 3);
    CHECK(*a.items[kOverall].score == 7);
}

TEST_CASE("the JSON object is found inside prose and code fences", "[eval][parse]") {
    const auto a = parse_evaluation("Here is my verdict {not json} then:\n```json\n" + kWellFormed + "\n```\nThanks!");
    CHECK(a.usable());
    CHECK(a.issues.empty());
    CHECK(*a.items[kOverall].score == 7);
}

TEST_CASE("an answer with no JSON is counted as no_json and gives no score", "[eval][parse]") {
    const auto a = parse_evaluation("I think the design is an 8 out of 10.");
    CHECK_FALSE(a.usable());
    CHECK(a.issues.at(AnswerIssue::no_json) == 1);
    CHECK(a.warnings.front() == "no JSON object in the answer");
}

TEST_CASE("an answer whose object holds NaN is no_json, not an inner fragment missing every item",
          "[eval][parse][hostile]") {
    for (const char* bad : {"NaN", "-Infinity", "nan"}) {
        auto text = kWellFormed;
        text.replace(text.find("\"score\": 6"), 10, std::string("\"score\": ") + bad);
        const auto a = parse_evaluation(text);
        INFO(bad);
        CHECK_FALSE(a.usable());
        CHECK(a.issues.size() == 1);
        CHECK(a.issues.count(AnswerIssue::no_json) == 1);
        CHECK(a.issues.count(AnswerIssue::missing_category) == 0);
    }
}

TEST_CASE("scores outside 1-10 are clamped and counted", "[eval][parse]") {
    auto text = kWellFormed;
    text.replace(text.find("\"score\": 8"), 10, "\"score\": 14");
    text.replace(text.find("\"score\": 3"), 10, "\"score\": 0");
    const auto a = parse_evaluation(text);
    CHECK(*a.items[0].score == 10);
    CHECK(*a.items[5].score == 1);
    CHECK(a.issues.at(AnswerIssue::out_of_range) == 2);
}

TEST_CASE("a score written as a string of digits is read, and one that is no number is ignored", "[eval][parse]") {
    auto text = kWellFormed;
    text.replace(text.find("\"score\": 8"), 10, "\"score\": \"8\"");
    text.replace(text.find("\"score\": 7"), 10, "\"score\": \"high\"");
    text.replace(text.find("\"score\": 6"), 10, "\"score\": null");
    const auto a = parse_evaluation(text);
    CHECK(*a.items[0].score == 8);
    CHECK(a.issues.at(AnswerIssue::string_number) == 1);
    CHECK_FALSE(a.items[1].score);
    CHECK_FALSE(a.items[2].score);
    CHECK(a.issues.at(AnswerIssue::not_a_number) == 2);
}

TEST_CASE("missing categories are counted one by one and the rest still score", "[eval][parse]") {
    const auto a = parse_evaluation(R"({"evaluation": {"functional_completeness": {"score": 6}}})");
    CHECK(a.usable());
    CHECK(*a.items[0].score == 6);
    // five non-functional categories and the overall score
    CHECK(a.issues.at(AnswerIssue::missing_category) == 6);
}
