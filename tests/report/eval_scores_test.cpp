#include "report/eval_scores.hpp"

#include <catch2/catch.hpp>

#include "report/comparison.hpp"
#include "report/eval_sample.hpp"
#include "report/sample_debate.hpp"
#include "report/summary_markdown.hpp"

using namespace parley;

TEST_CASE("evaluation scores give each category's panel mean with its interval, then each evaluator's",
          "[report][eval-scores]") {
    const auto scores = report::evaluation_scores(testing::sample_evaluation());
    const auto means = report::panel_means(scores.scores);
    REQUIRE(means.size() == 7);
    CHECK(means[0].category == "Functional Completeness");
    REQUIRE(means[0].score);
    CHECK(*means[0].score == Approx(7.5));
    REQUIRE(means[0].low);
    CHECK(*means[0].low == Approx(6.52));
    CHECK(*means[0].high == Approx(8.48));
    CHECK(means[0].agreement == "evaluators partly agree: read their reasoning");
    CHECK_FALSE(means[4].score);
    CHECK(means[4].unsupported == 2);
    REQUIRE(scores.scores.size() == 7 * 3);
    CHECK(scores.scores[7].evaluator == "Evaluator A");
    CHECK(*scores.scores[7].score == Approx(7.0));
    CHECK(scores.basis == "Across the rubric: evaluators partly agree: read their reasoning. 2 scores were left out: "
                          "their quotes are not in the document.");
    REQUIRE(scores.warnings.size() == 1);
    CHECK_THAT(scores.warnings[0], Catch::Contains("self-preference"));
}

TEST_CASE("evaluation scores of an offline panel say they come from the design review", "[report][eval-scores]") {
    const auto scores = report::evaluation_scores(testing::sample_evaluation(true));
    CHECK_THAT(scores.basis, Catch::StartsWith("Scores offline: derived from the deterministic design review, not a "
                                               "model's opinion."));
}

TEST_CASE("evaluation scores of anything but a panel's verdict are empty, never a throw", "[report][eval-scores]") {
    CHECK(report::evaluation_scores(nlohmann::json()).scores.empty());
    CHECK(report::evaluation_scores(nlohmann::json::array({1})).scores.empty());
    CHECK(report::evaluation_scores({{"parley", {{"categories", 3}}}}).scores.empty());
    CHECK(report::evaluation_scores({{"parley", {{"categories", {{"security", {{"mean", "high"}}}}}}}}).scores.size() ==
          1);
}

TEST_CASE("an evaluated debate's summary shows the panel's scores, withheld ones and warnings honestly",
          "[report][eval-scores]") {
    auto state = testing::sample_debate();
    state.evaluation = testing::sample_evaluation();
    const auto summary = report::build_summary(state);
    REQUIRE(summary.scores.size() == 21);
    const auto md = report::summary_markdown(summary, 2);
    CHECK_THAT(md, Catch::Contains("### Evaluation scores"));
    CHECK_THAT(md, Catch::Contains("| Category | Mean | 95% interval | Agreement |"));
    CHECK_THAT(md, Catch::Contains("| Functional Completeness | 7.5 | 6.52 – 8.48 | evaluators partly agree: read "
                                   "their reasoning |"));
    CHECK_THAT(md, Catch::Contains("| Regulatory Compliance | withheld (no usable score) | n/a |"));
    CHECK_THAT(md, Catch::Contains("**Warning:** self-preference"));
    CHECK(report::build_summary(testing::sample_debate()).scores.empty());
}

TEST_CASE("a comparison carries each debate's panel means", "[report][eval-scores]") {
    auto evaluated = testing::sample_debate();
    evaluated.evaluation = testing::sample_evaluation();
    const auto plain = testing::sample_debate();
    const std::vector<report::ComparedDebate> debates{{"a.json", &evaluated}, {"b.json", &plain}};
    const auto rows = report::comparison_rows(debates);
    CHECK(rows[0].scores.size() == 21);
    CHECK(rows[1].scores.empty());
    const auto md = report::render_comparison(debates, report::ComparisonFormat::markdown);
    CHECK_THAT(md, Catch::Contains("Functional Completeness 7.5 (6.52–8.48)"));
    CHECK_THAT(md, Catch::Contains("Regulatory Compliance withheld"));
    CHECK(md.find("Evaluator A") == std::string::npos);
    const auto csv = report::render_comparison(debates, report::ComparisonFormat::csv);
    CHECK_THAT(csv, Catch::Contains("Overall Score 7.5 (6.52–8.48)"));
}

TEST_CASE("a lone evaluator's scores are the panel's means, not repeated", "[report][eval-scores]") {
    auto evaluation = testing::sample_evaluation();
    evaluation["parley"]["evaluators"].erase(1);
    const auto scores = report::evaluation_scores(evaluation);
    CHECK(scores.scores.size() == 7);
    CHECK(report::panel_means(scores.scores).size() == 7);
}
