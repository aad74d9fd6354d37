#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "debate/debate_state.hpp"
#include "report/markdown_report.hpp"
#include "report/sample_debate.hpp"

using parley::debate::ContributionType;
using parley::debate::DebateState;
using parley::report::render_markdown;
using parley::report::ReportOptions;
using parley::testing::kDialecticDebateJson;
using parley::testing::sample_debate;

namespace {

/// A heading of the rendered report: its level and text.
using Heading = std::pair<int, std::string>;

// The report's outline as a Markdown reader sees it: ATX headings outside fenced code blocks.
std::vector<Heading> headings(const std::string& markdown) {
    std::vector<Heading> out;
    std::istringstream in(markdown);
    std::string line;
    std::string fence;
    while (std::getline(in, line)) {
        const auto run = line.find_first_not_of(line.empty() ? ' ' : line[0]);
        const bool fence_line =
            !line.empty() && (line[0] == '`' || line[0] == '~') && (run == std::string::npos || run >= 3);
        if (!fence.empty()) {
            if (fence_line && line.substr(0, fence.size()) == fence &&
                line.find_first_not_of(line[0]) == std::string::npos) {
                fence.clear();
            }
            continue;
        }
        if (fence_line) {
            fence = line.substr(0, run == std::string::npos ? line.size() : run);
            continue;
        }
        const auto hashes = line.find_first_not_of('#');
        if (hashes > 0 && hashes <= 6 && hashes != std::string::npos && line[hashes] == ' ') {
            out.emplace_back(static_cast<int>(hashes), line.substr(hashes + 1));
        }
    }
    return out;
}

// Only the headings at `max_level` or above, as "## Text" strings.
std::vector<std::string> outline(const std::string& markdown, int max_level) {
    std::vector<std::string> out;
    for (const auto& [level, text] : headings(markdown)) {
        if (level <= max_level) {
            out.push_back(std::string(static_cast<std::size_t>(level), '#') + " " + text);
        }
    }
    return out;
}

std::string render(const DebateState& state, bool with_prompts = false, bool brief = false) {
    return render_markdown(state, ReportOptions{with_prompts, brief});
}

} // namespace

TEST_CASE("the report of a 3-agent 2-round debate has every section, in order", "[report]") {
    const auto report = render(sample_debate(3, 2), true);
    const std::vector<std::string> expected = {"# Debate deb-20261124-101500-abc",
                                               "## Summary",
                                               "### Decision",
                                               "### Confidence",
                                               "### Requirements",
                                               "### Top risks",
                                               "### Disagreements that remained",
                                               "### Open questions",
                                               "### Cost, tokens, calls and time",
                                               "## Design review",
                                               "## Problem",
                                               "### Job queue",
                                               "## Participants",
                                               "### Agents",
                                               "### Judge",
                                               "## Clarifications",
                                               "### Ada (architect)",
                                               "## Round 1",
                                               "### Proposals",
                                               "### Critiques",
                                               "### Refinements",
                                               "## Round 2",
                                               "### Critiques",
                                               "### Refinements",
                                               "### Summaries",
                                               "## Final synthesis",
                                               "### Description",
                                               "### Implementation",
                                               "### Trade-offs",
                                               "### Recommendations",
                                               "### Confidence",
                                               "### Unfulfilled major requirements",
                                               "### Open questions",
                                               "### Judge summary",
                                               "## Run metrics",
                                               "### Wall time per phase",
                                               "## Appendix: prompts",
                                               "### Prompt 1: round 1, proposal, Ada (architect)",
                                               "### Prompt 2: round 1, critique, Ada (architect) → Perf (performance)"};
    CHECK(outline(report, 3) == expected);

    const auto level4 = outline(report, 4);
    CHECK(std::count(level4.begin(), level4.end(), "#### Ada (architect) → Perf (performance)") == 2);
    CHECK(std::count(level4.begin(), level4.end(), "#### Sec (security)") == 3);
    CHECK(report.back() == '\n');
    CHECK(report[report.size() - 2] != '\n');
}

TEST_CASE("each contribution shows its latency, tokens and model", "[report]") {
    auto state = sample_debate(2, 1);
    state.rounds[0].contributions[0].metadata.tokens_estimated = true;
    const auto report = render(state);
    CHECK_THAT(report,
               Catch::Contains("_latency 1201 ms · 151 tokens (estimated) · model gpt-4o-mini · provider openai "
                               "(api.openai.com)_"));
    CHECK_THAT(report,
               Catch::Contains("| agent-architect | Ada | architect | gpt-4o-mini | openai (api.openai.com) | 0.5 |"));
    CHECK_THAT(report, Catch::Contains("| Total tokens | 5555 |"));
    CHECK_THAT(report, Catch::Contains("| Wall time | 15.2 s |"));
    CHECK_THAT(report, Catch::Contains("| round 1 proposals | 1201 ms |"));
    CHECK_THAT(report, !Catch::Contains("reproducible mode"));
    state.metrics.wall_ms = 0;
    CHECK_THAT(render(state), Catch::Contains("| Wall time (sum of phases) | 5701 ms |"));
    CHECK_THAT(report, Catch::Contains("- **Q agent-architect-q1:** How many regions?\n  **A:** NA"));
    CHECK_THAT(report, Catch::Contains("72/100"));
}

TEST_CASE("headings inside model text are demoted below the heading that holds them", "[report]") {
    auto state = sample_debate(2, 1);
    state.rounds[0].contributions[0].content = "# Title\n\n## Design\n\nText\n\nSetext heading\n---\n\nend";
    state.final_solution->description = "# Big\n\ntext";
    const auto report = render(state);
    const auto all = headings(report);
    CHECK(std::find(all.begin(), all.end(), Heading{5, "Title"}) != all.end());
    CHECK(std::find(all.begin(), all.end(), Heading{6, "Design"}) != all.end());
    CHECK(std::find(all.begin(), all.end(), Heading{6, "Setext heading"}) != all.end());
    CHECK(std::find(all.begin(), all.end(), Heading{4, "Big"}) != all.end());
    CHECK_THAT(report, !Catch::Contains("\n---\n"));
    // The outline above level 4 is the report's own, whatever the models wrote.
    CHECK(outline(report, 3) == outline(render(sample_debate(2, 1)), 3));
}

TEST_CASE("an unclosed code fence in model text does not swallow the rest of the report", "[report]") {
    auto state = sample_debate(2, 1);
    state.rounds[0].contributions[0].content = "Here is code:\n\n```python\nprint('never closed')\n<!-- and a comment";
    const auto report = render(state);
    CHECK(outline(report, 3) == outline(render(sample_debate(2, 1)), 3));
}

TEST_CASE("the prompts appendix appears only with prompts asked for, in fences backticks cannot break", "[report]") {
    const auto state = sample_debate(2, 1);
    const auto plain = render(state, false);
    CHECK_THAT(plain, !Catch::Contains("Appendix: prompts"));
    CHECK_THAT(plain, !Catch::Contains("You are Ada"));

    const auto verbose = render(state, true);
    CHECK_THAT(verbose, Catch::Contains("## Appendix: prompts"));
    CHECK_THAT(verbose, Catch::Contains("System:\n\n```text\nYou are Ada, an architect.\n```\n"));
    // The second prompt holds a run of five backticks, so its fence needs six.
    CHECK_THAT(verbose, Catch::Contains("``````text\nCritique this:\n```\ncode\n```\nand this ````` run\n``````\n"));
    // Inside fences, the prompt's own "# Job queue" is not a heading of the report; only the problem's is.
    const auto all = headings(verbose);
    CHECK(std::count_if(all.begin(), all.end(), [](const Heading& h) { return h.second == "Job queue"; }) == 1);
}

TEST_CASE("the offline banner appears exactly when the debate ran offline", "[report]") {
    auto state = sample_debate(2, 1);
    CHECK_THAT(render(state), !Catch::Contains("Offline run"));
    state.offline = true;
    const auto report = render(state);
    CHECK_THAT(report, Catch::Contains("> **Offline run.**"));
    CHECK_THAT(report, Catch::Contains("not the judgement of a language model"));
    CHECK(report.find("Offline run") < report.find("## Problem"));
}

TEST_CASE("rendering is deterministic and zero durations print as 0 ms", "[report]") {
    auto state = sample_debate();
    state.metrics.wall_ms = 0;
    for (auto& [name, ms] : state.metrics.phase_order) {
        ms = 0;
    }
    for (auto& round : state.rounds) {
        for (auto& c : round.contributions) {
            c.metadata.latency_ms = 0;
        }
    }
    const auto report = render(state, true);
    CHECK(report == render(state, true));
    CHECK_THAT(report, Catch::Contains("| Wall time | 0 ms |"));
    CHECK_THAT(report, Catch::Contains("| round 1 proposals | 0 ms |"));
    CHECK_THAT(report, !Catch::Contains("latency 0 ms"));
    CHECK_THAT(report, Catch::Contains("_151 tokens · model gpt-4o-mini"));
    CHECK_THAT(report, Catch::Contains("reproducible mode"));
    CHECK_THAT(report, !Catch::Contains("0.0 ms"));
    CHECK_THAT(report, !Catch::Contains(" 0 s "));
}

TEST_CASE("a dialectic debate without parley's extras is rendered from its contributions", "[report]") {
    auto state = parley::debate::from_json(nlohmann::json::parse(kDialecticDebateJson));
    REQUIRE(state);
    const auto report = render(*state, true);
    CHECK_THAT(report, Catch::Contains("| agent-architect | — | architect | gpt-4 | — | — |"));
    CHECK_THAT(report, Catch::Contains("| agent-kiss | — | kiss | gpt-4 | — | — |"));
    CHECK_THAT(report, Catch::Contains("| judge-main | — | — | — | — | — |"));
    CHECK_THAT(report, Catch::Contains("#### agent-architect (architect) → agent-kiss (kiss)"));
    CHECK_THAT(report, Catch::Contains("### Context"));
    CHECK_THAT(report, Catch::Contains("| Contributions | 6 |"));
    CHECK_THAT(report, Catch::Contains("| Tokens recorded | 2462 |"));
    CHECK_THAT(report, Catch::Contains("_This file records no prompts._"));
    CHECK_THAT(report, Catch::Contains("**A:** NA"));
    // dialectic's own "## Judge Assessment" inside the description stays below "### Description".
    const auto all = headings(report);
    CHECK(std::find(all.begin(), all.end(), Heading{4, "Judge Assessment"}) != all.end());
}

TEST_CASE("a debate that stopped early says there is no synthesis", "[report]") {
    auto state = sample_debate(2, 1);
    state.final_solution.reset();
    state.judge_summary.reset();
    state.status = "failed";
    const auto report = render(state);
    CHECK_THAT(report, Catch::Contains("_No final solution: the debate ended with status failed"));
    CHECK_THAT(report, !Catch::Contains("### Description"));
}

namespace {

// The sample debate with the figures the call events give: a journal, retries, timings and cost.
DebateState with_run_metrics() {
    auto state = sample_debate(2, 1);
    auto& m = state.metrics;
    m.calls_from_journal = 3;
    m.calls_failed = 1;
    m.retries = {{"429 rate limited", 2}, {"5xx", 1}};
    m.queue_wait = {9, 12, 250};
    m.providers["openai (api.openai.com)"] = {{6, 1180, 2400}, {6, 310, 650}};
    m.providers["offline"] = {{2, 0, 0}, {0, 0, 0}};
    m.cost = {0.0123, 1};
    m.cost_by_agent["agent-performance"] = {0.002, 0};
    m.cost_by_agent["agent-architect"] = {0.004, 0};
    m.cost_by_agent["judge-main"] = {0.0063, 1};
    m.cost_by_phase = {{"proposal", {0.003, 0}}, {"critique", {0.003, 0}}, {"synthesis", {0.0063, 1}}};
    state.rounds[0].contributions[0].metadata.cost_usd = 0.000042;
    return state;
}

} // namespace

TEST_CASE("the run metrics show journal calls, retries, cost, queue wait and latency per provider",
          "[report][metrics]") {
    const auto report = render(with_run_metrics());
    CHECK_THAT(report, Catch::Contains("| Calls | " + std::to_string(sample_debate(2, 1).metrics.calls) +
                                       " (3 from the journal) |\n| Failed calls | 1 |\n| Retries | 3: 2 429 rate "
                                       "limited, 1 5xx |\n| Prompt tokens |"));
    CHECK_THAT(report, Catch::Contains("| Total tokens | 5555 |\n| Cost | $0.0123 + unknown for 1 call |\n"
                                       "| Queue wait (p50 / p95) | 12 ms / 250 ms |\n| Wall time |"));
    CHECK_THAT(report, !Catch::Contains("Cancelled calls"));
    CHECK_THAT(report,
               Catch::Contains("### Latency per provider\n\n| Provider | Calls timed | Latency (p50 / p95) | "
                               "Time to first token (p50 / p95) |\n| --- | --- | --- | --- |\n| offline | 2 | 0 "
                               "ms / 0 ms | — |\n| openai (api.openai.com) | 6 | 1180 ms / 2400 ms | 310 ms / "
                               "650 ms |"));
    CHECK_THAT(report, Catch::Contains("### Cost per agent\n\n| Agent | Cost |\n| --- | --- |\n| Ada (architect) | "
                                       "$0.004 |\n| Perf (performance) | $0.002 |\n| Judge (generalist) | $0.0063 "
                                       "+ unknown for 1 call |"));
    CHECK_THAT(report,
               Catch::Contains("### Cost per phase\n\n| Phase | Cost |\n| --- | --- |\n| proposal | $0.003 |\n| "
                               "critique | $0.003 |\n| synthesis | $0.0063 + unknown"));
    CHECK_THAT(report, Catch::Contains("_latency 1201 ms · 151 tokens · cost $0.000042 · model gpt-4o-mini"));
    const auto all = outline(report, 3);
    const auto metrics = std::find(all.begin(), all.end(), "## Run metrics");
    const std::vector<std::string> sections(metrics, all.end());
    CHECK(sections == std::vector<std::string>{"## Run metrics", "### Wall time per phase", "### Latency per provider",
                                               "### Cost per agent", "### Cost per phase"});
}

TEST_CASE("cost is left out when nothing was paid, and an unpriced run says unknown", "[report][metrics]") {
    auto state = with_run_metrics();
    state.metrics.cost = {0, 0};
    state.metrics.cost_by_agent.clear();
    state.metrics.cost_by_phase.clear();
    state.rounds[0].contributions[0].metadata.cost_usd = 0;
    auto report = render(state);
    // The summary always states the cost ("$0.00"); the debate's own sections leave it out.
    CHECK_THAT(report, Catch::Contains("| $0.00 | "));
    const auto debate = report.substr(report.find("## Problem"));
    CHECK_THAT(debate, !Catch::Contains("Cost"));
    CHECK_THAT(debate, !Catch::Contains("cost "));

    state.metrics.cost = {0, 12};
    report = render(state);
    CHECK_THAT(report, Catch::Contains("| Cost | unknown (12 calls unpriced) |"));
    CHECK_THAT(report, Catch::Contains("### Cost per phase"));
}

TEST_CASE("every report opens with the summary before the debate", "[report][summary]") {
    auto state = sample_debate(3, 2);
    state.problem += "\n\n- Lose no job once enqueue returns.\n";
    const auto report = render(state);
    const auto summary = report.find("## Summary");
    REQUIRE(summary != std::string::npos);
    CHECK(summary < report.find("## Problem"));
    CHECK(summary < report.find("## Round 1"));
    CHECK_THAT(report, Catch::Contains("### Confidence\n\n**72/100**"));
    CHECK_THAT(report, Catch::Contains("| R1 | "));
    CHECK_THAT(report, Catch::Contains("- Problem: Job queue"));
}

TEST_CASE("a brief report is only the title and the summary", "[report][summary]") {
    const auto brief = render(sample_debate(3, 2), true, true);
    CHECK_THAT(brief, Catch::Contains("## Summary"));
    CHECK_THAT(brief, Catch::Contains("### Cost, tokens, calls and time"));
    CHECK_THAT(brief, !Catch::Contains("## Round 1"));
    CHECK_THAT(brief, !Catch::Contains("## Problem"));
    CHECK_THAT(brief, !Catch::Contains("## Appendix: prompts"));
    CHECK(brief.back() == '\n');
    CHECK(brief[brief.size() - 2] != '\n');
}

TEST_CASE("a failed run's report says why it failed, first", "[report][summary]") {
    auto state = sample_debate(2, 1);
    state.final_solution.reset();
    state.status = "failed";
    state.error = "round 1 critiques: openai refused the key (401); check OPENAI_API_KEY";
    const auto report = render(state);
    const auto error = report.find("> **The run failed:** round 1 critiques: openai refused the key (401)");
    REQUIRE(error != std::string::npos);
    CHECK(error < report.find("### Decision"));
    CHECK_THAT(report, Catch::Contains("**Not given** — the debate ended (status failed) before the judge's"));
}

TEST_CASE("a judge answer that was not JSON is reported as giving no confidence", "[report][summary]") {
    auto state = sample_debate(2, 1);
    state.final_solution = parley::debate::Solution{};
    state.final_solution->description = "Plain prose, no JSON block.";
    const auto report = render(state);
    CHECK_THAT(report, Catch::Contains("**Not given** — the judge's answer was not the JSON parley asked for"));
}

TEST_CASE("long contributions fold into details and short ones stay open", "[report]") {
    auto state = sample_debate(2, 1);
    std::string long_text;
    for (int i = 0; i < 40; ++i) {
        long_text += "Line " + std::to_string(i) + " of a long proposal.\n";
    }
    state.rounds[0].contributions[0].content = long_text;
    const auto report = render(state);
    CHECK_THAT(report, Catch::Contains("<details>\n<summary>Show the proposal (41 lines)</summary>\n\nLine 0"));
    CHECK_THAT(report, Catch::Contains("Line 39 of a long proposal.\n\n</details>\n"));
    CHECK_THAT(report, Catch::Contains("Proposal of Perf for round 1."));
}

TEST_CASE("hostile model text cannot break out of its section", "[report][hostile]") {
    auto state = sample_debate(2, 1);
    std::string hostile = "# Owned\n</details></details>\n";
    hostile += "| a | b |\n```\nunclosed fence\n";
    for (int i = 0; i < 30; ++i) {
        hostile += "padding line to make the text fold\n";
    }
    state.rounds[0].contributions[0].content = hostile;
    state.rounds[0].contributions[1].content = "<script>alert(1)\n\n## Not a heading inside the script block";
    state.final_solution->open_questions = {"</details># heading? | pipe"};
    state.final_solution->disagreements = {{"<summary>topic</summary>", {{"side | one", {"agent-architect"}}}}};
    const auto report = render(state);
    // The heading is demoted under its contribution, the fold tags show as text, the fence is closed.
    CHECK_THAT(report, Catch::Contains("##### Owned"));
    CHECK_THAT(report, Catch::Contains("&lt;script>alert(1)\n\n##### Not a heading inside the script block\n"));
    CHECK_THAT(report, !Catch::Contains("<script>"));
    CHECK_THAT(report, Catch::Contains("&lt;/details>&lt;/details>"));
    CHECK_THAT(report, Catch::Contains("- &lt;/details># heading? | pipe"));
    CHECK_THAT(report, Catch::Contains("- **&lt;summary>topic&lt;/summary>**"));
    std::size_t opened = 0;
    std::size_t closed = 0;
    for (auto pos = report.find("<details>"); pos != std::string::npos; pos = report.find("<details>", pos + 1)) {
        ++opened;
    }
    for (auto pos = report.find("</details>"); pos != std::string::npos; pos = report.find("</details>", pos + 1)) {
        ++closed;
    }
    CHECK(opened == closed);
    const auto all = headings(report);
    CHECK(std::find(all.begin(), all.end(), Heading{2, "Round 1"}) != all.end());
    CHECK(std::find(all.begin(), all.end(), Heading{2, "Final synthesis"}) != all.end());
}

TEST_CASE("a 1 MB line of model text renders whole, folded, in its section", "[report][hostile][limits]") {
    auto state = sample_debate(2, 1);
    std::string line(1024 * 1024, 'x');
    line.replace(0, 20, "\xE2\x80\xAE<img onerror=a>");
    state.rounds[0].contributions[0].content = line;
    state.final_solution->open_questions = {line};
    const auto report = render(state);
    CHECK_THAT(report, Catch::Contains("<summary>Show the proposal (1 line)</summary>"));
    CHECK(report.find("\xE2\x80\xAE&lt;img onerror=a>" + line.substr(18)) != std::string::npos);
    // The summary cuts it to one readable line.
    const auto summary = report.substr(0, report.find("## Design review"));
    CHECK(summary.size() < 20000);
}
