// The review of a debate's final solution travels with the debate: in its JSON and near the top of its report.

#include <catch2/catch.hpp>

#include "debate/debate_state.hpp"
#include "report/markdown_report.hpp"
#include "review/review.hpp"

using namespace parley;

namespace {

debate::DebateState finished_debate() {
    debate::DebateState state;
    state.id = "deb-1";
    state.problem = "- Sustain 1,000 jobs per second.\n";
    state.status = "completed";
    debate::Solution solution;
    solution.description = "A Redis Streams queue; workers scale out.";
    solution.implementation = "Peak: 1,000 jobs per second. Redis persistence is turned off.";
    state.final_solution = solution;
    return state;
}

} // namespace

TEST_CASE("the debate JSON carries the review of its final solution under parley.review", "[review]") {
    const auto j = debate::to_json(finished_debate());
    const auto& review = j["parley"]["review"];
    REQUIRE(review["checklist"].size() == 18);
    CHECK(review["summary"]["contradicted"] == 1);
    CHECK(review["requirements"][0]["status"] == "addressed");
    CHECK_FALSE(review.contains("quantities"));
    // Reading it back and writing again gives the same review.
    auto again = debate::from_json(j);
    REQUIRE(again);
    CHECK(debate::to_json(*again)["parley"]["review"] == review);
}

TEST_CASE("a debate without a final solution has no review", "[review]") {
    auto state = finished_debate();
    state.final_solution.reset();
    CHECK_FALSE(debate::to_json(state)["parley"].contains("review"));
}

TEST_CASE("the report shows a brief design review right after its title", "[review]") {
    const auto md = report::render_markdown(finished_debate(), report::ReportOptions{});
    const auto review_at = md.find("## Design review");
    REQUIRE(review_at != std::string::npos);
    CHECK(review_at < md.find("## Problem"));
    CHECK_THAT(md, Catch::Contains("persistence is turned off"));
    CHECK(md.find("| concern | status |") == std::string::npos);
}

TEST_CASE("debates on problems that are not task queues carry no review", "[review]") {
    auto state = finished_debate();
    state.problem = "Design a rate limiter for a public API.";
    CHECK_FALSE(debate::to_json(state)["parley"].contains("review"));
    CHECK(report::render_markdown(state, report::ReportOptions{}).find("## Design review") == std::string::npos);
    CHECK(review::is_task_queue_problem("Design a distributed job-processing system"));
    CHECK_FALSE(review::is_task_queue_problem("Jobsite safety reports"));
}
