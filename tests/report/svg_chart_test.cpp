#include <catch2/catch.hpp>

#include "report/svg_chart.hpp"
#include "report/svg_debate_charts.hpp"

using namespace parley::report;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("a bar chart draws one bar per label and series, scaled to the largest value", "[report][html][svg]") {
    const BarChart chart{"Latency per provider", "ms", {"openai", "offline"}, {{"p50", {100, 50}}, {"p95", {400, 80}}}};
    const auto svg = svg_bar_chart(chart);
    CHECK(svg.rfind("<svg class=\"chart\"", 0) == 0);
    CHECK(svg.find("<title>Latency per provider</title>") != std::string::npos);
    CHECK(count(svg, "<rect") == 4 + 2); // bars and the two legend swatches
    // The largest value spans the whole plot; the others in proportion.
    CHECK(svg.find("width=\"390\" height=\"12\"") != std::string::npos);
    CHECK(svg.find("width=\"97.5\" height=\"12\"") != std::string::npos);
    CHECK(svg.find(">400 ms</text>") != std::string::npos);
    CHECK(svg.substr(svg.size() - 6) == "</svg>");
}

TEST_CASE("a bar chart on a fixed scale draws each value as its share of the scale", "[report][html][svg]") {
    BarChart chart{"Confidence", "/100", {"a.json", "b.json"}, {{"Confidence", {21, 40}}}};
    chart.scale_max = 100;
    const auto svg = svg_bar_chart(chart);
    // 21/100 is a fifth of the 390 px track, not the whole bar because it is the largest value.
    CHECK(count(svg, "class=\"track\"") == 2);
    CHECK(svg.find("class=\"track\" x=\"220\" y=\"29\" width=\"390\"") != std::string::npos);
    CHECK(svg.find("width=\"81.9\" height=\"12\"") != std::string::npos);
    CHECK(svg.find("width=\"156\" height=\"12\"") != std::string::npos);
    // A value past the scale widens it rather than running off the chart.
    chart.series[0].values = {150, 75};
    CHECK(svg_bar_chart(chart).find("width=\"195\" height=\"12\"") != std::string::npos);
}

TEST_CASE("a bar chart says a value was not recorded rather than drawing it as 0", "[report][html][svg]") {
    const BarChart chart{
        "Tokens per phase", "tokens", {"round 1 proposals", "synthesis"}, {{"tokens", {1500, std::nullopt}}}};
    const auto svg = svg_bar_chart(chart);
    CHECK(svg.find(">1500 tokens</text>") != std::string::npos);
    CHECK(svg.find(">not recorded</text>") != std::string::npos);
}

TEST_CASE("a bar chart of zeros or of nothing says so instead of drawing empty bars", "[report][html][svg]") {
    CHECK(svg_bar_chart({"Wall time per phase", "ms", {"a", "b"}, {{"wall", {0, 0}}}}).find("Every value is 0.") !=
          std::string::npos);
    CHECK(svg_bar_chart({"Cost", "USD", {}, {{"cost", {}}}}).find("Nothing recorded.") != std::string::npos);
    CHECK(svg_bar_chart({"Wall time per phase", "ms", {"a"}, {{"wall", {0}}}}).find("<rect") == std::string::npos);
}

TEST_CASE("chart labels and titles are escaped and long labels are shortened with the full text kept",
          "[report][html][svg]") {
    const std::string hostile = "<script>alert(1)</script> and a label far longer than thirty characters";
    const auto svg = svg_bar_chart({"<b>title</b>", "ms", {hostile}, {{"x", {1}}}});
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("<b>") == std::string::npos);
    CHECK(svg.find("<title>&lt;script&gt;alert(1)&lt;/script&gt; and a label far longer") != std::string::npos);
    CHECK(svg.find("…</text>") != std::string::npos);
}

TEST_CASE("a score chart draws each score as a dot with its interval on the scale", "[report][html][svg]") {
    const ScoreChart chart{"Scores", 0, 10, {{"correctness", "judge-a", 7.5, 6, 9}, {"clarity", "judge-b", 5, 4, 6}}};
    const auto svg = svg_score_chart(chart);
    CHECK(count(svg, "<circle") == 2);
    CHECK(count(svg, "class=\"whisker\"") == 2);
    // 0..10 over 390 px from x = 220: 7.5 sits at 512.5, the interval 6..9 from 454 to 571.
    CHECK(svg.find("cx=\"512.5\"") != std::string::npos);
    CHECK(svg.find("x1=\"454\" y1=") != std::string::npos);
    CHECK(svg.find("x2=\"571\" y2=") != std::string::npos);
    CHECK(svg.find(">7.5 [6, 9]</text>") != std::string::npos);
    CHECK(svg_score_chart({"Scores", 0, 10, {}}).find("No scores recorded.") != std::string::npos);
}

TEST_CASE("a score chart heads each category and labels every row with its evaluator's whole name",
          "[report][html][svg]") {
    const std::string category = "Maintainability & Evolvability";
    const ScoreChart chart{"Scores",
                           0,
                           10,
                           {{category, "Design review (offline)", 6, 6, 6},
                            {category, "panel", 5, 4, 6},
                            {"Security", "Design review (offline)", 1, 1, 1}}};
    const auto svg = svg_score_chart(chart);
    CHECK(count(svg, "class=\"score-category\"") == 2);
    CHECK(svg.find(">Maintainability &amp; Evolvability</text>") != std::string::npos);
    CHECK(count(svg, "class=\"score-row\"") == 3);
    // The evaluator is the row's label, not the tail of a "category · evaluator" cut at thirty characters.
    CHECK(count(svg, "text-anchor=\"end\">Design review (offline)</text>") == 2);
    CHECK(count(svg, "text-anchor=\"end\">panel</text>") == 1);
    CHECK(svg.find("…") == std::string::npos);
}

TEST_CASE("chart numbers drop trailing zeros and never print negative zero", "[report][html][svg]") {
    CHECK(chart_number(12.50, 2) == "12.5");
    CHECK(chart_number(3.0, 1) == "3");
    CHECK(chart_number(-0.01, 1) == "0");
    CHECK(chart_number(1234567, 0) == "1234567");
}

TEST_CASE("the cost chart says a price is unknown instead of drawing zeros", "[report][html][svg][money]") {
    parley::debate::DebateState state;
    state.metrics.cost_by_agent["agent-a"] = {0, 2};      // no price
    state.metrics.cost_by_agent["agent-b"] = {0.0123, 1}; // a mix
    state.metrics.cost_by_agent["judge-main"] = {0.004, 0};
    const Participants people(state);
    const auto svg = svg_bar_chart(agent_cost_chart(state, people));
    CHECK_THAT(svg, Catch::Contains(">price unknown for 2 calls</text>"));
    CHECK_THAT(svg, Catch::Contains(">$0.0123 + price unknown for 1 call</text>"));
    CHECK_THAT(svg, !Catch::Contains(">0 USD</text>"));
    CHECK_THAT(svg, Catch::Contains(">$0.004</text>"));
    CHECK_THAT(svg, !Catch::Contains("Every value is 0."));

    parley::debate::DebateState unpriced;
    unpriced.metrics.cost_by_agent["agent-a"] = {0, 3};
    const auto none = svg_bar_chart(agent_cost_chart(unpriced, Participants(unpriced)));
    CHECK_THAT(none, !Catch::Contains("Every value is 0."));
    CHECK_THAT(none, Catch::Contains(">price unknown for 3 calls</text>"));
}

TEST_CASE("a cost chart of free calls only still says every value is 0", "[report][html][svg][money]") {
    parley::debate::DebateState state;
    state.metrics.cost_by_agent["agent-a"] = {0, 0};
    CHECK_THAT(svg_bar_chart(agent_cost_chart(state, Participants(state))), Catch::Contains("Every value is 0."));
}
