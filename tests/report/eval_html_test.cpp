#include "report/eval_html.hpp"

#include <catch2/catch.hpp>

#include "report/eval_sample.hpp"

using namespace parley;

TEST_CASE("eval HTML page opens with the verdict, then the scores and their chart, then the evaluators",
          "[report][eval-html]") {
    const auto html = report::render_eval_html(testing::sample_evaluation());
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK_THAT(html, Catch::Contains("Content-Security-Policy"));
    const auto verdict = html.find("id=\"verdict\"");
    const auto scores = html.find("id=\"scores\"");
    const auto evaluators = html.find("id=\"evaluators\"");
    REQUIRE(verdict != std::string::npos);
    CHECK(verdict < scores);
    CHECK(scores < evaluators);
    CHECK_THAT(html, Catch::Contains("Overall score: <b>7.5 / 10</b>"));
    CHECK_THAT(html, Catch::Contains("self-preference"));
    CHECK_THAT(html, Catch::Contains("withheld (no usable score)"));
    CHECK_THAT(html, Catch::Contains("<svg"));
    CHECK_THAT(html, Catch::Contains("out_of_range 1"));
}

TEST_CASE("eval HTML page renders an evaluator's hostile reasoning and quote as text", "[report][eval-html]") {
    const auto html = report::render_eval_html(testing::sample_evaluation());
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<a href=\"javascript") == std::string::npos);
    CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK_THAT(html, Catch::Contains("<blockquote dir=\"auto\">&lt;a href="));
}

TEST_CASE("eval HTML page of an offline panel says its scores come from the design review", "[report][eval-html]") {
    const auto html = report::render_eval_html(testing::sample_evaluation(true));
    CHECK_THAT(html, Catch::Contains("<b>Offline panel.</b> Scores offline: derived from the deterministic design "
                                     "review, not a model's opinion."));
}

TEST_CASE("eval HTML page of a comparison shows the pairwise verdicts, the withheld winner and flip rates",
          "[report][eval-html]") {
    using nlohmann::json;
    json items = json::object();
    for (const char* key : {"functional_completeness", "performance_scalability", "security",
                            "maintainability_evolvability", "regulatory_compliance", "testability", "overall_score"}) {
        items[key] = {{"a", 1}, {"b", 0}, {"ties", 1}, {"flips", 1}, {"agreeing", 1}};
    }
    const json cmp{
        {"comparison",
         {{"a", "a.md"},
          {"b", "<b>b.md</b>"},
          {"samples", 1},
          {"items", items},
          {"winner", nullptr},
          {"winnerNote", "withheld: the two orders disagreed 1 time(s) and agreed 1 time(s)"},
          {"evaluators",
           json::array({{{"id", "e"}, {"name", "E"}, {"model", "m"}, {"pairs", 2}, {"flips", 1}, {"flipRate", 0.5}}})},
          {"warnings", json::array()},
          {"calls", 4},
          {"fromJournal", 0},
          {"tokens", 10},
          {"costUsd", nullptr},
          {"offline", false}}}};
    const auto html = report::render_eval_html(cmp);
    CHECK_THAT(html, Catch::Contains("Winner: <b>none</b> (withheld: the two orders disagreed"));
    CHECK_THAT(html, Catch::Contains("<td>E</td>") || Catch::Contains("<bdi>E</bdi>"));
    CHECK_THAT(html, Catch::Contains("<td>0.5</td>"));
    CHECK_THAT(html, Catch::Contains("&lt;b&gt;b.md&lt;/b&gt;"));
}
