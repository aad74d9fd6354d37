#pragma once
// `parley debate --baseline vote`: a finished debate's equal-cost baseline, run on the debate's own calls (journal,
// resume, cache, budget, progress), and its comparison with the debate by the review, the simulation and, with
// --eval, the panel in both orders.

#include <stop_token>
#include <vector>

#include "debate/metrics_collector.hpp"
#include "debate/orchestrator.hpp"
#include "eval/eval_config.hpp"
#include "run/debate/setup.hpp"
#include "run/session.hpp"

namespace parley::run {

/// Runs the baseline of the finished debate `state` on `orchestrator` and compares the two by the review and the
/// simulation; the result goes to state.baseline. `metrics` hears the calls of both: the baseline's cost is what it
/// adds to the debate's, priced the same way. Only a cancellation fails it (the run resumes there).
[[nodiscard]] Result<void> run_debate_baseline(debate::DebateState& state, const Setup& setup,
                                               debate::Orchestrator& orchestrator,
                                               const debate::MetricsCollector& metrics, std::stop_token stop);

/// The review side of a comparison: flags, partial and absent concerns, contradicted ones, capacity checks wrong or
/// unknown, unaddressed requirements of `problem`.
nlohmann::json review_side(const std::string& design, const std::string& problem);

/// `--eval` with `--baseline`: the panel compares each debate's final solution (A) with its baseline's (B) in both
/// orders, in one batch on `session`; the comparison and the verdict it decides go to each state's baseline.
void compare_with_baselines(RunSession& session, const eval::EvalConfig& panel,
                            const std::vector<debate::DebateState*>& states, const llm::PriceTable* prices);

} // namespace parley::run
