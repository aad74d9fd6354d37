#include <catch2/catch.hpp>

#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "report/sample_debate.hpp"

using namespace parley;
using namespace parley::debate;

namespace {

// The sample debate with positions, one round's movement, a minority and a fixed run's shadow report.
DebateState with_positions() {
    auto state = testing::sample_debate();
    state.problem = "Design a job queue for 1,000 jobs per minute.";
    const auto position = [](const std::string& id, const std::string& dlq) {
        return AgentPosition{id, {{"ack", "covered"}, {"dead_letter", dlq}}, 1, 0, 2};
    };
    state.positions = {{1,
                        "proposal",
                        {position("agent-architect", "absent"), position("agent-performance", "covered"),
                         position("agent-security", "absent")}},
                       {1,
                        "refinement",
                        {position("agent-architect", "covered"), position("agent-performance", "covered"),
                         position("agent-security", "absent")}}};
    state.movement = {{1, 0.5, {{"agent-architect", "dead_letter", "absent", "covered", false, false}}}};
    state.minority = {{"agent-security", "dead_letter", "absent", 0, "states nothing of dead letter"}};
    TerminationRecord t;
    t.max_rounds = 2;
    t.stopped_after_round = 2;
    t.reason = "fixed: ran the configured 2 rounds";
    t.shadow = {{"stable", 1, 3, 1, ""}, {"convergence", std::nullopt, 0, 0, "cannot tell: no interim judge"}};
    state.termination = t;
    return state;
}

} // namespace

TEST_CASE("the Markdown report shows agreement and changes per round, the termination and the minority",
          "[report][positions]") {
    const auto md = report::render_markdown(with_positions(), {});
    CHECK_THAT(md, Catch::Contains("**Termination:** fixed: ran the configured 2 rounds."));
    CHECK_THAT(md, Catch::Contains("### Minority report"));
    CHECK_THAT(md, Catch::Contains("holds Dead letters"));
    CHECK_THAT(md, Catch::Contains("(since its first design): states nothing of dead letter"));
    CHECK_THAT(md, Catch::Contains("| 1 | 50% | 0 | 1 | 0 |"));
    CHECK_THAT(md, Catch::Contains("absent → covered (without cause)"));
    CHECK_THAT(md, Catch::Contains("| stable | round 1 | 3 (1) |"));
    CHECK_THAT(md, Catch::Contains("| convergence | cannot tell | – | cannot tell: no interim judge |"));
    CHECK(md.find("## Positions per round") < md.find("## Final synthesis"));
    const auto brief = report::render_markdown(with_positions(), {false, true});
    CHECK_THAT(brief, Catch::Contains("### Minority report"));
    CHECK(brief.find("## Positions per round") == std::string::npos);
}

TEST_CASE("the HTML report draws an agent by concern grid per round in words and colour, scrolling in its box",
          "[report][positions][html]") {
    const auto html = report::render_html(with_positions(), {});
    CHECK_THAT(html, Catch::Contains("<a href=\"#positions\">Positions</a>"));
    CHECK_THAT(html, Catch::Contains("<section id=\"positions\">"));
    CHECK_THAT(html, Catch::Contains("<div class=\"table-wrap\"><table class=\"positions\">"));
    CHECK_THAT(html, Catch::Contains("<td class=\"status-ok\">covered ↻ no cause</td>"));
    CHECK_THAT(html, Catch::Contains("<td class=\"status-unknown\">absent</td>"));
    CHECK_THAT(html, Catch::Contains("<h3>Minority report</h3>"));
    CHECK(html.find("<h3>Minority report</h3>") < html.find("<section id=\"charts\">"));
    CHECK_THAT(html, Catch::Contains("<section id=\"termination\">"));
}

TEST_CASE("a report of a debate without positions says why", "[report][positions]") {
    auto state = with_positions();
    state.problem = "Write a haiku about autumn.";
    state.positions.clear();
    state.movement.clear();
    state.minority.clear();
    const auto md = report::render_markdown(state, {});
    CHECK_THAT(md, Catch::Contains("applies to task and job queue debates only"));
    CHECK(md.find("### Minority report") == std::string::npos);
    CHECK(report::render_markdown(testing::sample_debate(), {}).find("Positions per round") == std::string::npos);
}
