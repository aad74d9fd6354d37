#pragma once
// What a reader needs from a debate in a minute: the decision, how sure the judge was, each requirement met or
// not, the risks, the disagreements that remained, the open questions and what the run cost. One model that the
// Markdown and HTML reports (and comparisons) render, so every format says the same thing.

#include <optional>
#include <string>
#include <vector>

#include "debate/debate_state.hpp"
#include "report/eval_scores.hpp"

namespace parley::report {

/// How far the final solution meets one requirement of the problem.
enum class RequirementStatus {
    met,
    partly,
    not_met,
    not_judged, ///< no final solution to judge it by (the run ended before the synthesis)
    unknown,    ///< the judge answered, but with no usable verdict (prose, its template, an echo)
};

/// "met", "partly", "not met", "not judged" or "unknown".
const char* to_string(RequirementStatus status);

/// One requirement of the problem, the verdict on it, why, and where the debate argued it.
struct RequirementVerdict {
    std::string id; ///< "R1", "R2", ... in the problem's order
    std::string text;
    RequirementStatus status = RequirementStatus::not_judged;
    std::string reason;
    std::string where; ///< "round 2 refinements: Ada, Bo (first in round 1 proposals)"; empty when never argued
};

/// One side of a remaining disagreement and the agents (display names) who held it.
struct SidePosition {
    std::string position;
    std::vector<std::string> agents;
};

/// A point still disputed at the end of the debate.
struct RemainingDisagreement {
    std::string topic;
    std::vector<SidePosition> positions;
};

/// Where the disagreements came from.
enum class DisagreementSource {
    judge,   ///< the judge's synthesis listed them
    derived, ///< parley derived them from critiques of the last round that no refinement answered
    none,    ///< neither the judge nor the last round gives any
};

/// The run's figures: cost, tokens, calls, time.
struct RunFigures {
    bool recorded = false; ///< false for files without run metrics (dialectic's): figures come from contributions
    long calls = 0;        ///< calls made, or contributions when not recorded
    long calls_failed = 0;
    long total_tokens = 0;
    bool tokens_estimated = false;
    debate::Cost cost;
    double wall_ms = 0; ///< the run's wall time, else the sum of its phases
    long rounds = 0;
};

/// What the short simulation (sim/brief.hpp) of one design found: the final solution's, or an agent's final
/// proposal's.
struct SimulationLine {
    std::string who;                  ///< "Final solution", or the agent's name
    std::string headline;             ///< "holds its load in every scenario; 2 of 2 requirement checks met (...)"
    std::vector<std::string> details; ///< the verdicts, or what is missing
};

/// The summary of one debate, rendered first by every report.
struct ReportSummary {
    std::string debate_id;
    std::string title; ///< the problem's first line, without Markdown heading marks
    std::string status;
    bool offline = false;
    std::string error; ///< why the run failed; empty when it did not

    std::string decision; ///< a short paragraph
    std::optional<double> confidence;
    std::string confidence_note; ///< why no confidence was given; empty when one was
    /// Why the judge's answer is no usable verdict, in one line; empty when it is one (or there was no synthesis)
    std::string no_verdict;

    std::vector<RequirementVerdict> requirements;
    std::string requirements_basis; ///< how the verdicts were reached, in one sentence

    std::vector<std::string> risks; ///< the top risks, most serious first
    std::size_t more_risks = 0;     ///< risks left out of `risks` for brevity

    std::vector<RemainingDisagreement> disagreements;
    DisagreementSource disagreements_source = DisagreementSource::none;
    std::string disagreements_basis; ///< where the disagreements came from, in one sentence

    std::vector<std::string> open_questions;
    RunFigures figures;
    std::vector<EvalScore> scores; ///< empty unless the debate was evaluated: panel means first, then evaluators
    std::string scores_basis;      ///< where the scores come from and how far the panel agrees, in one sentence
    std::vector<std::string> score_warnings; ///< the panel's warnings (self-preference, unusable answers, ...)
    /// The simulation of the final solution, then of each final proposal in agent order; empty when the debate
    /// carries none (other problems, or a debate JSON from before simulations).
    std::vector<SimulationLine> simulations;
    std::string simulations_basis; ///< how they were simulated, in one sentence
    /// With `--baseline vote`: whether the debate beat, tied or lost to its equal-cost baseline, at what cost
    std::string baseline;
};

/// The most risks a summary lists; the rest are counted in `more_risks`.
inline constexpr std::size_t kMaxSummaryRisks = 5;

/// Builds the summary of `state` (parley's or dialectic's, finished or failed). Deterministic.
ReportSummary build_summary(const debate::DebateState& state);

/// The problem's title: its first non-blank line without heading marks, cut to 120 bytes.
std::string problem_title(const std::string& problem);

} // namespace parley::report
