#pragma once
// Two runs of the same debates compared pair by pair (`parley report --baseline OLD NEW`, `parley sweep diff OLD NEW`):
// requirements met (McNemar's exact test), review flags, eval scores (paired bootstrap interval), cost, tokens and
// time, per problem and in total; the debate's lift over its equal-cost baseline on each side; and the regressions a
// CI job gates on. One model that the Markdown, HTML and CSV renderers (run_diff_render.hpp) show.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "debate/debate_state.hpp"
#include "eval/paired_statistics.hpp"
#include "report/summary.hpp"

namespace parley::report {

/// What `parley.baseline` says of a debate against its equal-cost baseline (`parley debate --baseline vote`).
struct BaselineOutcome {
    long debate_flags = 0;
    long baseline_flags = 0;
    long debate_partials = 0;
    long baseline_partials = 0;
    long debate_tokens = 0;
    long baseline_tokens = 0;
    std::string verdict; ///< "beat", "tied", "lost" or "unknown"
};

/// `parley.baseline` of a debate's JSON; nothing when the debate has none or it lacks its review counts.
std::optional<BaselineOutcome> baseline_outcome(const nlohmann::json& debate_json);

/// A review flag of a final solution, as a diff matches it (by key).
struct FlagMark {
    std::string key;
    std::string title;
};

/// What a diff compares of one debate.
struct DebateOutcome {
    std::string problem; ///< the whole problem text: both runs of a pair must debate the same one
    std::string title;
    std::vector<RequirementVerdict> requirements;
    std::vector<FlagMark> flags;   ///< the rule-based review's flags of the final solution (task-queue problems)
    std::vector<EvalScore> scores; ///< the panel's means, when evaluated
    RunFigures figures;
    bool offline = false;
    std::optional<BaselineOutcome> baseline;
};

/// The outcome of `state`, with `baseline` read from its JSON by baseline_outcome.
DebateOutcome debate_outcome(const debate::DebateState& state, std::optional<BaselineOutcome> baseline);

/// The same debate run twice.
struct OutcomePair {
    std::string label; ///< how the pair is named: "problem.md · config.json · seed 1", or the NEW file's name
    std::string group; ///< the problem it is counted under
    DebateOutcome old_run;
    DebateOutcome new_run;
};

/// A debate of one run with no partner in the other, and why.
struct UnpairedRun {
    std::string label;
    std::string reason;
};

/// A requirement whose verdict changed between the runs of one pair.
struct RequirementChange {
    std::string pair;
    std::string id;
    std::string text;
    RequirementStatus from = RequirementStatus::not_judged;
    RequirementStatus to = RequirementStatus::not_judged;
};

/// True when the change is a requirement met in OLD and partly or not met in NEW: a regression.
bool is_lost(const RequirementChange& change);

/// A review flag present in one run of a pair and not in the other.
struct FlagChange {
    std::string pair;
    FlagMark flag;
    bool appeared = true; ///< true: in NEW only; false: in OLD only (fixed)
};

/// One rubric item's scores over the pairs evaluated on both sides.
struct ScoreDiff {
    std::string category;
    double old_mean = 0;
    double new_mean = 0;
    eval::PairedDifference difference; ///< NEW − OLD, per pair
    bool regression = false;           ///< the interval lies wholly below 0
};

/// Cost, tokens, time and flags of one side of a group.
struct SideFigures {
    util::Money cost;
    long cost_unrecorded = 0; ///< debates whose file records no cost (unknown, never $0)
    long tokens = 0;
    bool tokens_estimated = false;
    double wall_ms = 0;
    long flags = 0;
};

/// The comparison of the pairs of one problem, or of every pair.
struct GroupDiff {
    std::string name; ///< the problem, or "All" for the total
    std::size_t pairs = 0;
    long both_met = 0;    ///< requirement pairs met on both sides
    long neither_met = 0; ///< met on neither side ("partly" counts as not met)
    long unjudged = 0;    ///< not judged or unknown on either side: left out of the test
    eval::McNemarResult requirements;
    SideFigures old_side;
    SideFigures new_side;
    long flags_appeared = 0;
    long flags_gone = 0;
    std::vector<ScoreDiff> scores;
};

/// The debate against its baseline on one side, over the pairs where both sides carry a baseline.
struct LiftSide {
    long beat = 0;
    long tied = 0;
    long lost = 0;
    long unknown = 0;
    eval::PairedDifference flags_lift; ///< baseline flags − debate flags per debate: above 0, the debate has fewer
    long debate_tokens = 0;
    long baseline_tokens = 0;
};

/// The lift on both sides and its change.
struct LiftDiff {
    std::size_t pairs = 0;
    LiftSide old_side;
    LiftSide new_side;
    eval::PairedDifference change; ///< NEW lift − OLD lift, per pair
};

/// Everything a diff of two runs found.
struct RunDiff {
    std::string old_label;
    std::string new_label;
    std::vector<GroupDiff> groups; ///< one per problem, in the order the pairs first name them
    GroupDiff total;
    std::vector<RequirementChange> requirement_changes;
    std::vector<FlagChange> flag_changes;
    std::optional<LiftDiff> lift;
    std::vector<UnpairedRun> unpaired;
    std::vector<std::string> regressions; ///< one line each: what `--fail-on-regression` fails on
    std::size_t resamples = eval::kBootstrapResamples;
    std::uint64_t seed = eval::kBootstrapSeed;
    bool offline = false; ///< some debate of either run was offline
};

/// True when a requirement verdict counts as met in the paired test ("partly" does not).
bool counts_as_met(RequirementStatus status);

/// The diff of `pairs`. A regression is a requirement that went from met to not met (or partly), a review flag that
/// appeared, or a score whose interval lies wholly below 0. Deterministic.
RunDiff diff_runs(std::string old_label, std::string new_label, const std::vector<OutcomePair>& pairs,
                  std::vector<UnpairedRun> unpaired);

} // namespace parley::report
