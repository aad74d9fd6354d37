#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report/run_diff.hpp"
#include "report/run_diff_render.hpp"

using namespace parley::report;
using nlohmann::json;

namespace {

RequirementVerdict requirement(const std::string& id, RequirementStatus status) {
    RequirementVerdict v;
    v.id = id;
    v.text = "requirement " + id;
    v.status = status;
    return v;
}

/// A debate with three requirements, the given score and review flags.
DebateOutcome outcome(RequirementStatus r2, double score, std::vector<FlagMark> flags = {}) {
    DebateOutcome o;
    o.problem = "Design a task queue.";
    o.title = "Design a task queue.";
    o.requirements = {requirement("R1", RequirementStatus::met), requirement("R2", r2),
                      requirement("R3", RequirementStatus::not_met)};
    EvalScore s;
    s.category = "Overall";
    s.score = score;
    o.scores = {s};
    o.flags = std::move(flags);
    o.figures.recorded = true;
    o.figures.total_tokens = 1000;
    o.figures.wall_ms = 2000;
    o.figures.cost.usd = 0.01;
    return o;
}

std::vector<OutcomePair> seeds(const DebateOutcome& before, const DebateOutcome& after, int n) {
    std::vector<OutcomePair> pairs;
    for (int i = 0; i < n; ++i) {
        pairs.push_back({"queue.md · c.json · seed " + std::to_string(i), "queue.md", before, after});
    }
    return pairs;
}

json with_baseline(long debate_flags, long baseline_flags, const std::string& verdict) {
    return {{"parley",
             {{"baseline",
               {{"method", "vote"},
                {"tokens", {{"debate", 9000}, {"baseline", 8800}}},
                {"cost", {{"debate", nullptr}, {"baseline", nullptr}}},
                {"review",
                 {{"debate", {{"flags", debate_flags}, {"partials", 1}}},
                  {"baseline", {{"flags", baseline_flags}, {"partials", 2}}}}},
                {"comparison", json::object()},
                {"verdict", verdict},
                {"reason", "fewer flags"}}}}}};
}

} // namespace

TEST_CASE("two identical runs diff with no regression", "[report][diff]") {
    const auto o = outcome(RequirementStatus::met, 7, {{"concern:ack", "Acknowledgement"}});
    const auto d = diff_runs("old", "new", seeds(o, o, 3), {});
    CHECK(d.regressions.empty());
    CHECK(d.total.pairs == 3);
    CHECK(d.total.both_met == 6);
    CHECK(d.total.neither_met == 3);
    CHECK(d.total.requirements.p == 1.0);
    REQUIRE(d.total.scores.size() == 1);
    CHECK(d.total.scores[0].difference.mean == 0.0);
    CHECK_FALSE(d.total.scores[0].regression);
    CHECK(diff_verdict_line(d) == "No regression in 3 pairs.");
}

TEST_CASE("a diff finds a requirement lost, a flag that appeared and a dropped score", "[report][diff]") {
    const auto before = outcome(RequirementStatus::met, 8);
    const auto after = outcome(RequirementStatus::not_met, 6, {{"concern:ack", "Acknowledgement"}});
    const auto d = diff_runs("old", "new", seeds(before, after, 3), {{"queue.md · c.json · seed 9", "only in OLD"}});
    CHECK(d.total.requirements.lost == 3);
    CHECK(d.total.requirements.gained == 0);
    CHECK(d.total.requirements.p == Approx(0.25));
    REQUIRE(d.requirement_changes.size() == 3);
    CHECK(is_lost(d.requirement_changes[0]));
    CHECK(d.total.flags_appeared == 3);
    REQUIRE(d.groups.size() == 1);
    REQUIRE(d.groups[0].scores.size() == 1);
    CHECK(d.groups[0].scores[0].regression);
    // 3 requirement losses, 3 flags that appeared, the score of the one problem (the total is not counted twice).
    CHECK(d.regressions.size() == 7);
    CHECK(diff_verdict_line(d) == "7 regressions in 3 pairs.");
    const auto md = render_run_diff(d, DiffFormat::markdown);
    CHECK_THAT(md, Catch::StartsWith("# Diff of two runs\n\n**7 regressions in 3 pairs.**"));
    CHECK_THAT(md, Catch::Contains("R2 went from met to not met"));
    CHECK_THAT(md, Catch::Contains("| queue.md · c.json · seed 9 | only in OLD |"));
    const auto html = render_run_diff(d, DiffFormat::html);
    // The verdict comes before every table.
    CHECK(html.find("7 regressions") < html.find("<table>"));
    const auto csv = render_run_diff(d, DiffFormat::csv);
    CHECK_THAT(csv, Catch::StartsWith("section,group,item,pairs,old,new,difference,interval_low,interval_high,"
                                      "p_value,regression\r\n"));
    CHECK_THAT(csv, Catch::Contains("score,queue.md,Overall,3,8,6,-2,-2,-2,,true\r\n"));
}

TEST_CASE("a requirement that goes from partly to met is a gain, and from met to unknown no regression",
          "[report][diff]") {
    const auto d1 =
        diff_runs("a", "b", seeds(outcome(RequirementStatus::partly, 7), outcome(RequirementStatus::met, 7), 1), {});
    CHECK(d1.total.requirements.gained == 1);
    CHECK(d1.regressions.empty());
    const auto d2 =
        diff_runs("a", "b", seeds(outcome(RequirementStatus::met, 7), outcome(RequirementStatus::unknown, 7), 1), {});
    CHECK(d2.total.unjudged == 1);
    CHECK(d2.regressions.empty());
    REQUIRE(d2.requirement_changes.size() == 1);
}

TEST_CASE("cost that is unknown on either side stays unknown in the diff", "[report][diff]") {
    auto before = outcome(RequirementStatus::met, 7);
    auto after = before;
    after.figures.recorded = false;
    const auto d = diff_runs("a", "b", seeds(before, after, 1), {});
    CHECK(d.total.new_side.cost_unrecorded == 1);
    const auto md = render_run_diff(d, DiffFormat::markdown);
    CHECK_THAT(md, Catch::Contains("| unknown for 1 debate without metrics | unknown |"));
    const auto csv = render_run_diff(d, DiffFormat::csv);
    CHECK_THAT(csv, Catch::Contains("cost_usd,queue.md,cost,1,0.01,,,"));
}

TEST_CASE("parley.baseline is read from hand-made JSON and the lift counts wins, ties and losses", "[report][diff]") {
    const auto b = baseline_outcome(with_baseline(2, 5, "beat"));
    REQUIRE(b);
    CHECK(b->debate_flags == 2);
    CHECK(b->baseline_flags == 5);
    CHECK(b->debate_partials == 1);
    CHECK(b->baseline_partials == 2);
    CHECK(b->debate_tokens == 9000);
    CHECK(b->verdict == "beat");
    CHECK_FALSE(baseline_outcome(json{{"parley", {{"offline", true}}}}));
    CHECK_FALSE(baseline_outcome(json{{"parley", {{"baseline", {{"review", "none"}}}}}}));

    // OLD: beat, tied, lost (lifts 3, 0, -1); NEW: beat, beat, unknown (lifts 3, 2, 1).
    const std::vector<std::pair<json, json>> sides = {{with_baseline(2, 5, "beat"), with_baseline(2, 5, "beat")},
                                                      {with_baseline(3, 3, "tied"), with_baseline(1, 3, "beat")},
                                                      {with_baseline(4, 3, "lost"), with_baseline(2, 3, "mystery")}};
    std::vector<OutcomePair> pairs;
    for (const auto& [o, n] : sides) {
        auto before = outcome(RequirementStatus::met, 7);
        auto after = before;
        before.baseline = baseline_outcome(o);
        after.baseline = baseline_outcome(n);
        pairs.push_back({"p" + std::to_string(pairs.size()), "queue.md", before, after});
    }
    const auto d = diff_runs("a", "b", pairs, {});
    REQUIRE(d.lift);
    CHECK(d.lift->pairs == 3);
    CHECK(d.lift->old_side.beat == 1);
    CHECK(d.lift->old_side.tied == 1);
    CHECK(d.lift->old_side.lost == 1);
    CHECK(d.lift->new_side.beat == 2);
    CHECK(d.lift->new_side.unknown == 1);
    CHECK(*d.lift->old_side.flags_lift.mean == Approx(2.0 / 3.0));
    CHECK(*d.lift->new_side.flags_lift.mean == Approx(2.0));
    CHECK(*d.lift->change.mean == Approx(4.0 / 3.0));
    REQUIRE(d.lift->change.interval95);
    CHECK(d.lift->change.interval95->first >= 0.0);
    CHECK(d.lift->old_side.debate_tokens == 27000);
    const auto md = render_run_diff(d, DiffFormat::markdown);
    CHECK_THAT(md, Catch::Contains("| OLD | 3 | 1 | 1 | 1 | 0 | +0.67 |"));
    CHECK_THAT(md, Catch::Contains("| NEW | 3 | 2 | 0 | 0 | 1 | +2 |"));
}

TEST_CASE("a diff without baselines on both sides shows no lift", "[report][diff]") {
    auto before = outcome(RequirementStatus::met, 7);
    auto after = before;
    after.baseline = baseline_outcome(with_baseline(2, 5, "beat"));
    CHECK_FALSE(diff_runs("a", "b", seeds(before, after, 2), {}).lift);
}

TEST_CASE("diff output formats are chosen by extension in any case", "[report][diff]") {
    CHECK(diff_format_for("d.MD") == DiffFormat::markdown);
    CHECK(diff_format_for("d.html") == DiffFormat::html);
    CHECK(diff_format_for("d.Csv") == DiffFormat::csv);
    CHECK_FALSE(diff_format_for("d.txt"));
}
