#include "report/comparison.hpp"
#include "report/html_comparison.hpp"

#include <catch2/catch.hpp>

#include "report/sample_debate.hpp"

using namespace parley;
using report::ComparisonFormat;
using report::render_comparison;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

} // namespace

TEST_CASE("a comparison puts each debate's problem, config, models, confidence, cost and time in one row",
          "[report][comparison]") {
    auto a = testing::sample_debate(3, 2);
    auto b = testing::sample_debate(2, 1);
    b.final_solution->confidence.reset();
    b.metrics.cost = {0.25, 0};
    const auto md = render_comparison({{"a.json", &a}, {"b.json", &b}}, ComparisonFormat::markdown);
    const auto lines = lines_of(md);
    REQUIRE(lines.size() > 5);
    CHECK(lines[0] == "# Comparison of 2 debates");
    CHECK_THAT(lines[4], Catch::StartsWith("| a.json | Job queue | completed | 3 agents (architect, performance, "
                                           "security), 2 rounds, judge generalist | gpt-4o-mini; judge gpt-4o | "
                                           "72/100 |"));
    CHECK_THAT(lines[5], Catch::StartsWith("| b.json | Job queue | completed | 2 agents"));
    CHECK_THAT(lines[5], Catch::Contains("| not given |"));
    CHECK_THAT(lines[5], Catch::Contains("| $0.25 |"));
    CHECK_THAT(md, Catch::Contains("## Decisions\n\n### a.json\n\nA partitioned log with leases."));
}

TEST_CASE("a comparison never shows 0 for a debate whose models had no price", "[report][comparison][money]") {
    auto unpriced = testing::sample_debate(2, 1);
    unpriced.metrics.cost = {0, 7};
    auto mixed = testing::sample_debate(2, 1);
    mixed.metrics.cost = {0.25, 2};
    const std::vector<report::ComparedDebate> both{{"u.json", &unpriced}, {"m.json", &mixed}};
    const auto md = render_comparison(both, ComparisonFormat::markdown);
    CHECK_THAT(md, Catch::Contains("| unknown (7 calls unpriced) |"));
    CHECK_THAT(md, Catch::Contains("| $0.25 + unknown for 2 calls |"));
    const auto csv = render_comparison(both, ComparisonFormat::csv);
    // cost_usd is empty (unknown) for the unpriced debate, the known part for the mix; the count follows.
    CHECK_THAT(csv, Catch::Contains(",,7,"));
    CHECK_THAT(csv, Catch::Contains(",0.25,2,"));
    const auto html = report::render_comparison_html(both);
    CHECK_THAT(html, Catch::Contains("unknown (7 calls unpriced)"));
}

TEST_CASE("a CSV comparison quotes what needs quoting and defuses spreadsheet formulas", "[report][comparison]") {
    auto a = testing::sample_debate(2, 1);
    a.problem = "=HYPERLINK(\"http://x\", \"click\"), and more\nsecond line";
    const auto csv = render_comparison({{"run, one.json", &a}}, ComparisonFormat::csv);
    const auto header_end = csv.find("\r\n");
    REQUIRE(header_end != std::string::npos);
    CHECK(csv.substr(0, 27) == "source,debate_id,problem,st");
    const auto row = csv.substr(header_end + 2);
    CHECK_THAT(row, Catch::StartsWith("\"run, one.json\",deb-20261124-101500-abc,\"'=HYPERLINK(\"\"http://x\"\", "
                                      "\"\"click\"\"), and more\",completed,1,2,architect;performance,gpt-4o-mini,"
                                      "generalist,gpt-4o,72,"));
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 2);
}

TEST_CASE("the comparison format follows the output's extension", "[report][comparison]") {
    CHECK(report::comparison_format_for("cmp.md") == ComparisonFormat::markdown);
    CHECK(report::comparison_format_for("out/CMP.CSV") == ComparisonFormat::csv);
    CHECK_FALSE(report::comparison_format_for("cmp.html"));
    CHECK_FALSE(report::comparison_format_for("csv"));
}
