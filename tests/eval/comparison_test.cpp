// Pairwise comparison in both orders: a verdict that flips with the order is a tie, counted per evaluator.

#include <catch2/catch.hpp>

#include "eval/comparison.hpp"

using namespace parley::eval;

namespace {

std::string all(const std::string& winner) {
    std::string out = R"({"comparison": {)";
    for (const auto* key : {"functional_completeness", "performance_scalability", "security",
                            "maintainability_evolvability", "regulatory_compliance", "testability", "overall"}) {
        out += std::string(out.back() == '{' ? "" : ",") + "\"" + key + R"(": {"winner": ")" + winner + "\"}";
    }
    return out + "}}";
}

ComparisonSample both(const std::string& a_first, const std::string& b_first) {
    ComparisonSample s;
    s.a_first = parse_comparison(a_first);
    s.b_first = parse_comparison(b_first);
    return s;
}

} // namespace

TEST_CASE("an evaluator that always prefers the first-shown design flips every verdict: all ties, flip rate 1",
          "[eval][compare]") {
    // Shown A first it says A; shown B first it says "A" again, which is B.
    std::vector<ComparisonEvaluator> panel{{{"e1", "E1", "m", "p"}, {both(all("A"), all("A"))}, 0, 0}};
    const auto r = tally_comparison(panel, "a.json", "b.json", 1);
    CHECK(r.items[kOverall].ties == 1);
    CHECK(r.items[kOverall].flips == 1);
    CHECK(r.evaluators[0].flips == 7);
    CHECK(r.evaluators[0].pairs == 7);
    CHECK_FALSE(r.winner);
    CHECK_THAT(r.winner_note, Catch::StartsWith("withheld"));
    CHECK(to_json(r)["comparison"]["evaluators"][0]["flipRate"] == 1.0);
}

TEST_CASE("verdicts consistent in both orders name the winner", "[eval][compare]") {
    // Shown A first it says A; shown B first it says B (the second), which is A.
    std::vector<ComparisonEvaluator> panel{{{"e1", "E1", "m", "p"}, {both(all("A"), all("B"))}, 0, 0},
                                           {{"e2", "E2", "m", "p"}, {both(all("A"), all("A"))}, 0, 0}};
    const auto r = tally_comparison(panel, "a.json", "b.json", 1);
    CHECK(r.items[kOverall].a == 1);
    CHECK(r.items[kOverall].flips == 1);
    // One agreeing pair, one flip: not more disagreement than agreement, so A wins.
    REQUIRE(r.winner);
    CHECK(*r.winner == Winner::a);
    CHECK(r.evaluators[0].flips == 0);
    CHECK(r.evaluators[1].flips == 7);
}

TEST_CASE("malformed comparison answers are counted, not trusted", "[eval][compare]") {
    const auto a = parse_comparison(R"({"comparison": {"security": {"winner": "C"}}})");
    CHECK(a.issues.at(AnswerIssue::not_a_number) == 1);
    CHECK(a.issues.at(AnswerIssue::missing_category) == 6);
    CHECK(parse_comparison("A is better").issues.at(AnswerIssue::no_json) == 1);
}
