#include <catch2/catch.hpp>

#include "report/html_report.hpp"
#include "report/sample_debate.hpp"

using parley::report::build_summary;
using parley::report::render_html;
using parley::report::ReportOptions;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("the HTML summary shows the scorecard, risks, disagreements with their sides, and the run figures",
          "[report][html]") {
    auto state = parley::testing::sample_debate(3, 2);
    auto summary = build_summary(state);
    summary.requirements = {{"R1", "sustain 100,000 jobs per minute", parley::report::RequirementStatus::partly,
                             "no capacity figure <given>", "round 1 proposals: Ada"}};
    summary.disagreements = {{"ordering", {{"strict per key", {"Ada"}}, {"best effort", {"Perf", "Sec"}}}}};
    summary.risks = {"a hot partition"};
    summary.more_risks = 2;
    const auto html = render_html(state, summary, ReportOptions{});
    CHECK(has(html, "<td>R1</td><td>sustain 100,000 jobs per minute</td><td class=\"status-partly\">partly</td>"
                    "<td>no capacity figure &lt;given&gt;</td><td>round 1 proposals: Ada</td>"));
    CHECK(has(html, "<li>best effort — held by <bdi>Perf, Sec</bdi></li>"));
    CHECK(has(html, "<li>a hot partition</li></ul><p><a href=\"#synthesis\">2 more in the synthesis</a>"));
    CHECK(has(html, "<tr><th>Calls</th><td>"));
    CHECK(html.find("id=\"scorecard\"") < html.find("id=\"charts\""));
}

TEST_CASE("the HTML report opens with the summary and charts, then the debate, synthesis and metrics",
          "[report][html]") {
    const auto html = render_html(parley::testing::sample_debate(3, 2), ReportOptions{});
    CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
    std::size_t last = 0;
    for (const char* id : {"id=\"contents\"", "id=\"summary\"", "id=\"charts\"", "id=\"problem\"",
                           "id=\"participants\"", "id=\"clarifications\"", "id=\"debate\"", "id=\"round-1\"",
                           "id=\"round-2\"", "id=\"synthesis\"", "id=\"metrics\""}) {
        const auto at = html.find(id);
        INFO(id);
        REQUIRE(at != std::string::npos);
        CHECK(at > last);
        last = at;
    }
    CHECK(has(html, "A partitioned log with leases. <a href=\"#synthesis\">Full synthesis</a>"));
    CHECK(has(html, "Confidence: 72/100"));
    CHECK(has(html, "Is multi-region required?"));
    CHECK(count(html, "<svg class=\"chart\"") == 4);
    CHECK(!has(html, "id=\"prompts\""));
}

TEST_CASE("the HTML report is self-contained: a strict CSP, no script and nothing fetched from any host",
          "[report][html]") {
    const auto html = render_html(parley::testing::sample_debate(3, 2), ReportOptions{true});
    CHECK(has(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; "
                    "style-src &#39;unsafe-inline&#39;; img-src data:;"));
    CHECK(!has(html, "<script"));
    CHECK(!has(html, "http://"));
    CHECK(!has(html, "https://"));
    CHECK(!has(html, "<link"));
    CHECK(!has(html, "url("));
    CHECK(!has(html, " src="));
    CHECK(has(html, "id=\"prompts\""));
}

TEST_CASE("rounds, phases and contributions fold, and the contents bar links every agent's contributions",
          "[report][html]") {
    const auto html = render_html(parley::testing::sample_debate(3, 2), ReportOptions{});
    CHECK(count(html, "<details class=\"round\"") == 2);
    // Round 1: proposals, critiques, refinements; round 2: critiques, refinements, summaries.
    CHECK(count(html, "<details class=\"phase\"") == 6);
    CHECK(count(html, "<details class=\"contribution\"") == 3 + 6 + 3 + 6 + 3);
    CHECK(has(html, "<a href=\"#r1-proposal-agent-architect\">R1 proposal</a>"));
    CHECK(has(html, "<a href=\"#r2-critique-agent-architect~agent-security\">R2 critique of Sec (security)</a>"));
    CHECK(has(html, "id=\"r2-refinement-agent-security\""));
}

TEST_CASE("a critique links to what it criticises: round 1's proposal, later the round before's refinement",
          "[report][html]") {
    const auto html = render_html(parley::testing::sample_debate(3, 2), ReportOptions{});
    const auto r1 = html.find("id=\"r1-critique-agent-architect~agent-performance\"");
    const auto r2 = html.find("id=\"r2-critique-agent-architect~agent-performance\"");
    REQUIRE(r1 != std::string::npos);
    REQUIRE(r2 != std::string::npos);
    CHECK(html.find("<a href=\"#r1-proposal-agent-performance\">What this critique answers", r1) < r2);
    CHECK(html.find("<a href=\"#r1-refinement-agent-performance\">What this critique answers", r2) !=
          std::string::npos);
}

TEST_CASE("hostile model text renders as text in the HTML report, names and ids included", "[report][html]") {
    auto state = parley::testing::sample_debate(2, 1);
    const std::string hostile = "</div></details><script>alert(1)</script><img src=x onerror=alert(2)>"
                                "<a href=\"javascript:alert(3)\">x</a><!--";
    state.rounds[0].contributions[0].content = hostile;
    state.agents[0].name = "<b onmouseover=alert(4)>Ada</b>";
    state.final_solution->description = hostile;
    state.final_solution->open_questions = {hostile};
    state.problem = hostile;
    const auto html = render_html(state, ReportOptions{});
    CHECK(!has(html, "<script"));
    CHECK(!has(html, "<img"));
    CHECK(!has(html, "<!--"));
    CHECK(!has(html, "<b onmouseover"));
    CHECK(!has(html, "href=\"javascript"));
    CHECK(has(html, "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"));
    // The structure around the hostile text is intact: every fold that opens also closes.
    CHECK(count(html, "<details") == count(html, "</details>"));
}

TEST_CASE("a debate that stopped before the synthesis says there is no decision", "[report][html]") {
    auto state = parley::testing::sample_debate(2, 1);
    state.final_solution.reset();
    state.status = "failed";
    const auto html = render_html(state, ReportOptions{});
    CHECK(has(html, "<p class=\"decision\">No decision: the debate ended with status failed"));
    CHECK(has(html, "No final solution"));
}

TEST_CASE("the HTML summary says why a run failed and why it has no confidence, escaped", "[report][html]") {
    const auto state = parley::testing::sample_debate(2, 1);
    auto summary = build_summary(state);
    summary.error = "provider refused: <401>";
    summary.confidence.reset();
    summary.confidence_note = "the judge gave none & said so";
    const auto html = render_html(state, summary, ReportOptions{});
    CHECK(has(html, "<p class=\"notice\"><b>The run failed:</b> provider refused: &lt;401&gt;</p>"));
    CHECK(has(html, "Confidence: not given (the judge gave none &amp; said so)"));
}

TEST_CASE("an evaluated debate adds its scores with intervals to the charts", "[report][html]") {
    const auto state = parley::testing::sample_debate(2, 1);
    auto summary = build_summary(state);
    summary.scores = {{"correctness", "judge-a", 7, 6, 8, "", 0},
                      {"clarity", "judge-b", 6, std::nullopt, std::nullopt, "", 0}};
    const auto html = render_html(state, summary, ReportOptions{});
    CHECK(count(html, "<svg class=\"chart\"") == 5);
    CHECK(has(html, "<title>Scores per category and evaluator</title>"));
    CHECK(has(html, ">7 [6, 8]</text>"));
    CHECK(has(html, ">6 [6, 6]</text>"));
    CHECK(count(render_html(state, ReportOptions{}), "<svg class=\"chart\"") == 4);
}

TEST_CASE("a brief HTML report is the title and the summary, with no link to sections it leaves out",
          "[report][html]") {
    const auto html = render_html(parley::testing::sample_debate(3, 2), ReportOptions{false, true});
    CHECK(has(html, "id=\"summary\""));
    CHECK(has(html, "Confidence: 72/100"));
    for (const char* gone : {"id=\"contents\"", "id=\"charts\"", "id=\"debate\"", "id=\"synthesis\"", "href=\"#"}) {
        INFO(gone);
        CHECK(!has(html, gone));
    }
    CHECK(html.substr(html.size() - 15) == "</body></html>\n");
}

TEST_CASE("HTML rendering is deterministic", "[report][html]") {
    const auto state = parley::testing::sample_debate(3, 2);
    CHECK(render_html(state, ReportOptions{}) == render_html(state, ReportOptions{}));
}
