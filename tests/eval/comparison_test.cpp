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

TEST_CASE("a comparison copied from the prompt or holding its placeholders picks nothing", "[eval][compare]") {
    const std::string prompt = "Design A: ...\nDesign B: ...\nAnswer in this shape:\n" + all("A") +
                               "\nor with reasons: {\"comparison\": {\"overall\": {\"winner\": \"B\", \"reasoning\": "
                               "\"<string>\"}}}\n";
    const auto echoed = parse_comparison(all("A"), prompt);
    CHECK_FALSE(echoed.usable());
    CHECK(echoed.issues.at(AnswerIssue::echo) == 1);
    CHECK_FALSE(echoed.picks[kOverall]);
    const auto placeholder =
        parse_comparison(R"({"comparison": {"overall": {"winner": "B", "reasoning": "<string>"}}})", prompt);
    CHECK_FALSE(placeholder.usable());
    CHECK(placeholder.issues.count(AnswerIssue::placeholder) + placeholder.issues.count(AnswerIssue::echo) >= 1);
    const auto own = parse_comparison(all("B"), prompt);
    CHECK(own.usable());
    REQUIRE(own.picks[kOverall]);
    CHECK(*own.picks[kOverall] == Pick::second);
}

TEST_CASE("a comparison with no usable evaluator has an unknown winner", "[eval][compare]") {
    std::vector<ComparisonEvaluator> panel{{{"e1", "E1", "m", "p"}, {both("prose", "more prose")}, 0, 0}};
    const auto r = tally_comparison(panel, "a.json", "b.json", 1);
    CHECK_FALSE(r.winner);
    CHECK(r.usable_evaluators == 0);
    CHECK_THAT(r.winner_note, Catch::StartsWith("unknown"));
    CHECK_THAT(to_markdown(r), Catch::Contains("**Winner:** unknown"));
    CHECK_THAT(to_markdown(r), Catch::Contains("defects: no_json 2"));
}
