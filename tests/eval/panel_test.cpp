// Aggregating a panel: unsupported scores out of the averages (unless kept), defects counted, an evaluator without
// a usable answer reported while the rest aggregate, self-preference named.

#include <catch2/catch.hpp>

#include "eval/output.hpp"
#include "eval/panel.hpp"

using Catch::Detail::Approx;
using namespace parley::eval;

namespace {

const std::string kDocument = "Workers lease jobs for 30 s. Dead letters keep failed jobs for a week.";

std::string answer(int fc, int overall, const std::string& quote) {
    return R"({"evaluation": {"functional_completeness": {"score": )" + std::to_string(fc) +
           R"(, "reasoning": "r", "evidence": [")" + quote + R"("]}}, "overall_summary": {"overall_score": )" +
           std::to_string(overall) + "}}";
}

SampleResult sample(int index, const std::string& text) {
    SampleResult s;
    s.sample = index;
    s.answer = parse_evaluation(text);
    s.cost_usd = 0.01;
    return s;
}

Document document() {
    return {"design.md", kDocument, "", "", {{"agent-a", "Alice", "architect", "gpt-4o", "openai"}}};
}

} // namespace

TEST_CASE("a score whose quote is not in the document is unsupported and left out of the average", "[eval][panel]") {
    std::vector<EvaluatorResult> panel{{{"e1", "E1", "m1", "p"}, {sample(0, answer(8, 8, "Workers lease jobs"))}},
                                       {{"e2", "E2", "m2", "p"}, {sample(0, answer(2, 4, "Workers never fail"))}}};
    const auto r = aggregate(panel, document(), 1, false);
    CHECK(r.categories[0].unsupported == 1);
    CHECK(*r.categories[0].spread.mean == Approx(8.0));
    CHECK(r.categories[0].spread.n == 1);
    // The overall score carries no quote: unquoted, kept.
    CHECK(r.categories[kOverall].unquoted == 2);
    CHECK(*r.categories[kOverall].spread.mean == Approx(6.0));

    const auto kept = aggregate(panel, document(), 1, true);
    CHECK(*kept.categories[0].spread.mean == Approx(5.0));
    CHECK(to_json(kept)["evaluation"]["functional_completeness"]["average_score"] == 5.0);
}

TEST_CASE("an evaluator with no usable answer is reported and the rest still aggregate", "[eval][panel]") {
    SampleResult failed;
    failed.error = "HTTP 500 after 5 attempts";
    std::vector<EvaluatorResult> panel{{{"e1", "E1", "m1", "p"}, {sample(0, answer(7, 7, "Dead letters"))}},
                                       {{"e2", "E2", "m2", "p"}, {sample(0, "no json here")}},
                                       {{"e3", "E3", "m3", "p"}, {failed}}};
    const auto r = aggregate(panel, document(), 1, false);
    CHECK(*r.categories[0].spread.mean == Approx(7.0));
    CHECK(r.issues.at(AnswerIssue::no_json) == 1);
    REQUIRE(r.warnings.size() == 2);
    CHECK_THAT(r.warnings[0], Catch::Contains("evaluator e2 gave no usable answer"));
    CHECK_THAT(r.warnings[1], Catch::Contains("last error: HTTP 500 after 5 attempts"));
    CHECK(r.categories[0].agreement == Agreement::not_measurable);
}

TEST_CASE("samples give a spread and an interval, and evaluators far apart are told not to be relied on",
          "[eval][panel]") {
    std::vector<EvaluatorResult> panel{
        {{"e1", "E1", "m1", "p"},
         {sample(0, answer(9, 9, "Workers")), sample(1, answer(8, 9, "Workers")), sample(2, answer(9, 9, "Workers"))}},
        {{"e2", "E2", "m2", "p"},
         {sample(0, answer(3, 3, "Workers")), sample(1, answer(2, 3, "Workers")), sample(2, answer(3, 3, "Workers"))}}};
    const auto r = aggregate(panel, document(), 3, false);
    const auto& fc = r.categories[0];
    CHECK(fc.spread.n == 6);
    CHECK(*fc.spread.mean == Approx(34.0 / 6.0));
    REQUIRE(fc.spread.interval95);
    CHECK(*fc.mean_abs_diff == Approx(26.0 / 3.0 - 8.0 / 3.0));
    CHECK(fc.agreement == Agreement::disagree);
    CHECK(*fc.alpha < 0.667);
    CHECK(r.agreement == Agreement::disagree);
    CHECK(r.calls == 6);
    CHECK(r.cost.usd == Approx(0.06));
    CHECK(r.cost.known());
}

TEST_CASE("an evaluator without a price makes the panel's cost unknown for its calls, never 0",
          "[eval][panel][money]") {
    auto unpriced = sample(0, answer(3, 3, "Workers"));
    unpriced.cost_usd.reset();
    auto from_journal = unpriced;
    from_journal.from_journal = true;
    const std::vector<EvaluatorResult> panel{{{"e1", "E1", "m1", "p"}, {sample(0, answer(9, 9, "Workers"))}},
                                             {{"e2", "E2", "m2", "p"}, {unpriced, from_journal}}};
    const auto r = aggregate(panel, document(), 1, false);
    // The journal answer was paid for by an earlier run; the other unpriced call is unknown.
    CHECK(r.cost.usd == Approx(0.01));
    CHECK(r.cost.unknown_calls == 1);
    nlohmann::json record;
    parley::util::put_money_fields(record, r.cost);
    CHECK(record["costUsd"] == 0.01);
    CHECK(record["costUnknownCalls"] == 1);
    CHECK(parley::util::format_money_fields(record) == "$0.01 + unknown for 1 call");
    record["costUsd"] = nullptr;
    record.erase("costUnknownCalls");
    CHECK(parley::util::format_money_fields(record) == "unknown");
}

TEST_CASE("an evaluator on a model that wrote the debate is named with that author", "[eval][panel]") {
    const auto warnings =
        self_preference_warnings({{"e1", "E1", "openai/GPT-4o", "p"}, {"e2", "E2", "claude", "p"}}, document().authors);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == "self-preference: evaluator e1 (model openai/GPT-4o) is also the model of Alice (gpt-4o), "
                         "which wrote the debate");
}

TEST_CASE("the eval CSV guards an evaluator id a spreadsheet would run, and ends lines with CRLF",
          "[eval][panel][csv]") {
    std::vector<EvaluatorResult> panel{
        {{"=cmd|' /C calc'!A0", "E1", "m1", "p"}, {sample(0, answer(8, 7, "Workers lease jobs"))}}};
    const auto csv = to_csv(aggregate(panel, document(), 1, false));
    CHECK_THAT(csv, Catch::Contains("\r\nevaluator,'=cmd|' /C calc'!A0,functional_completeness,8.00,"));
    CHECK(csv.find(",=cmd") == std::string::npos);
    CHECK_THAT(csv, Catch::StartsWith("kind,evaluator,item,score,mean,sd,ci_low,ci_high,n,alpha,mean_abs_diff,verdict,"
                                      "unsupported\r\n"));
}

TEST_CASE("the JSON keeps dialectic's field names and the Markdown renders back from it", "[eval][panel]") {
    std::vector<EvaluatorResult> panel{{{"e1", "E1", "m1", "p"}, {sample(0, answer(8, 7, "Workers lease jobs"))}}};
    const auto r = aggregate(panel, document(), 1, false);
    const auto j = to_json(r);
    CHECK(j["overall_score"] == 7.0);
    CHECK(j["evaluation"]["non_functional"]["security"]["average_score"].is_null());
    CHECK(j["agents"]["e1"]["overall_summary"]["overall_score"] == 7);
    CHECK(j["parley"]["categories"]["overall_score"]["verdict"] == "agreement cannot be measured (one evaluator)");
    const auto md = to_markdown(j, 2);
    CHECK_THAT(md, Catch::StartsWith("## Evaluation"));
    CHECK_THAT(md, Catch::Contains("| 8.00 | N/A | N/A | N/A | N/A | N/A | 7.00 |"));
    const auto csv = to_csv(r);
    CHECK_THAT(csv, Catch::Contains("evaluator,e1,functional_completeness,8.00,"));
    CHECK_THAT(csv, Catch::Contains("category,,overall_score,,7.00,"));
}
