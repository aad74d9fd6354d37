#include "report/summary.hpp"

#include <catch2/catch.hpp>

#include "report/html_summary.hpp"
#include "report/sample_debate.hpp"
#include "report/summary_markdown.hpp"

using namespace parley;
using report::build_summary;
using report::RequirementStatus;

namespace {

debate::DebateState queue_debate() {
    auto s = testing::sample_debate();
    s.problem = "# Job queue\n\nRequirements:\n"
                "- Sustain 100,000 jobs per minute at peak with headroom.\n"
                "- Support three priorities; low-priority jobs must not starve.\n"
                "- Let operators query a job's status and its error log.\n";
    auto& solution = *s.final_solution;
    solution.description = "> offline banner\n\n## Rationale\n\nA partitioned log with leases and per-priority "
                           "lanes decides the design.\n\nSecond paragraph is detail.";
    solution.unfulfilled_major_requirements = {"R3: Let operators query a job's status and its error log."};
    return s;
}

} // namespace

TEST_CASE("summary decision is the first prose paragraph of the judge's description", "[report][summary]") {
    const auto summary = build_summary(queue_debate());
    CHECK(summary.decision == "A partitioned log with leases and per-priority lanes decides the design.");
    CHECK(summary.title == "Job queue");
    REQUIRE(summary.confidence);
    CHECK(*summary.confidence == 72);
    CHECK(summary.confidence_note.empty());
}

TEST_CASE("summary scores each requirement with the judge's unfulfilled list", "[report][summary]") {
    const auto summary = build_summary(queue_debate());
    REQUIRE(summary.requirements.size() == 3);
    CHECK(summary.requirements[0].id == "R1");
    CHECK(summary.requirements[2].status == RequirementStatus::not_met);
    CHECK(summary.requirements[2].reason.find("unfulfilled") != std::string::npos);
    // The rest are judged by the judge's word and the grounded review of the final solution.
    CHECK(summary.requirements[0].status != RequirementStatus::not_judged);
    CHECK(summary.risks.front().find("R3") != std::string::npos);
}

TEST_CASE("summary says where a requirement was argued", "[report][summary]") {
    auto s = queue_debate();
    s.rounds[1].contributions.back().content = "Low-priority jobs must not starve: three priorities with aging.";
    const auto summary = build_summary(s);
    CHECK(summary.requirements[1].where.find("round 2 refinements: Sec") == 0);
    CHECK(summary.requirements[0].where.empty());
}

TEST_CASE("summary without a synthesis judges nothing and says why there is no confidence", "[report][summary]") {
    auto s = queue_debate();
    s.final_solution.reset();
    s.status = "failed";
    s.error = "round 2 critiques: openai (api.openai.com) refused the key (401)";
    const auto summary = build_summary(s);
    CHECK_FALSE(summary.confidence);
    CHECK(summary.confidence_note.find("before the judge's synthesis") != std::string::npos);
    CHECK(summary.error == s.error);
    CHECK(summary.decision.find("No decision") == 0);
    for (const auto& r : summary.requirements) {
        CHECK(r.status == RequirementStatus::not_judged);
    }
}

TEST_CASE("summary says a judge answer that was not JSON gave no confidence", "[report][summary]") {
    auto s = queue_debate();
    auto& solution = *s.final_solution;
    solution = debate::Solution{};
    solution.description = "I think the log design wins, but here is no JSON.";
    const auto summary = build_summary(s);
    CHECK_FALSE(summary.confidence);
    CHECK(summary.confidence_note.find("not the JSON parley asked for") != std::string::npos);
    CHECK(summary.decision == "I think the log design wins, but here is no JSON.");
}

TEST_CASE("summary keeps the judge's disagreements with agents shown by name", "[report][summary]") {
    auto s = queue_debate();
    s.final_solution->disagreements = {
        {"Push or pull", {{"pull", {"agent-architect", "Perf"}}, {"push", {"agent-security"}}}}};
    const auto summary = build_summary(s);
    REQUIRE(summary.disagreements.size() == 1);
    CHECK(summary.disagreements_source == report::DisagreementSource::judge);
    CHECK(summary.disagreements[0].positions[0].agents == std::vector<std::string>{"Ada", "Perf"});
    CHECK(summary.disagreements[0].positions[1].agents == std::vector<std::string>{"Sec"});
}

TEST_CASE("summary derives disagreements from last-round critiques no refinement answered", "[report][summary]") {
    auto s = queue_debate();
    auto& last = s.rounds.back().contributions;
    // Sec's refinement is gone: the critiques of Sec in the last round stand unanswered.
    last.erase(std::remove_if(last.begin(), last.end(),
                              [](const debate::Contribution& c) {
                                  return c.type == debate::ContributionType::refinement &&
                                         c.agent_id == "agent-security";
                              }),
               last.end());
    const auto summary = build_summary(s);
    CHECK(summary.disagreements_source == report::DisagreementSource::derived);
    REQUIRE(summary.disagreements.size() == 2);
    CHECK(summary.disagreements[0].topic == "Weakness");
    CHECK(summary.disagreements[0].positions[1].agents == std::vector<std::string>{"Sec"});
    CHECK(summary.disagreements_basis.find("derived") != std::string::npos);
}

TEST_CASE("summary lists unanswered clarifications among the open questions", "[report][summary]") {
    const auto summary = build_summary(queue_debate());
    REQUIRE(summary.open_questions.size() == 2);
    CHECK(summary.open_questions[0] == "Is multi-region required?");
    CHECK(summary.open_questions[1] == "How many regions? (asked by Ada, unanswered)");
}

TEST_CASE("summary figures come from the contributions when the file records no metrics", "[report][summary]") {
    auto s = queue_debate();
    s.metrics = debate::RunMetrics{};
    const auto summary = build_summary(s);
    CHECK_FALSE(summary.figures.recorded);
    CHECK(summary.figures.calls > 0);
    CHECK(summary.figures.total_tokens > 0);
    const auto recorded = build_summary(queue_debate());
    CHECK(recorded.figures.recorded);
    CHECK(recorded.figures.total_tokens == 5555);
}

TEST_CASE("summary lists one risk once even when it is quoted from two lines", "[report][summary]") {
    auto s = queue_debate();
    s.final_solution->unfulfilled_major_requirements = {"Capacity is wrong: 250 in flight (line 20) against 32",
                                                        "Capacity is wrong: 250 in flight (line 9) against 32"};
    const auto summary = build_summary(s);
    CHECK(std::count_if(summary.risks.begin(), summary.risks.end(),
                        [](const std::string& r) { return r.rfind("Capacity is wrong", 0) == 0; }) == 1);
}

TEST_CASE("summary without a usable verdict says unknown, confidence none, and why on its first screen",
          "[report][summary][answer_check]") {
    auto s = queue_debate();
    auto& solution = *s.final_solution;
    solution = {};
    solution.check.usable = false;
    solution.check.defects = {"description: the template's placeholder \"<the solution in two or three sentences>\" "
                              "as it stands"};
    solution.check.repair_calls = 1;
    const auto summary = build_summary(s);
    REQUIRE(summary.requirements.size() == 3);
    for (const auto& r : summary.requirements) {
        CHECK(r.status == RequirementStatus::unknown);
        CHECK(r.reason == "unknown (no usable verdict from the judge)");
    }
    CHECK_FALSE(summary.confidence);
    CHECK_THAT(summary.no_verdict, Catch::Contains("placeholder"));
    const auto markdown = report::summary_markdown(summary, 2);
    CHECK_THAT(markdown, Catch::Contains("> **No usable verdict from the judge:**"));
    CHECK_THAT(markdown, Catch::Contains("**None** — no usable verdict from the judge."));
    CHECK_THAT(markdown, Catch::Contains("3 unknown, of 3 (no usable verdict from the judge)."));
    CHECK(markdown.find("| met |") == std::string::npos);
    CHECK_THAT(report::html_summary_section(summary, true), Catch::Contains("id=\"no-verdict\""));
}
