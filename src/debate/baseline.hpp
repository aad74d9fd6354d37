#pragma once
// The equal-cost baseline's calls (`parley debate --baseline vote`): after the debate, the same agents write
// independent single-shot solutions until their tokens match the debate's, and the debate's own synthesis strategy
// (judge or vote) makes one solution of them. Run on the orchestrator's PhaseRunner, so every call goes through the
// same executor (journal, resume, cache, budget, progress) as the debate's.

#include <cstddef>
#include <stop_token>

#include "debate/baseline_record.hpp"
#include "debate/strategies.hpp"

namespace parley::debate {

/// The most solutions a baseline writes, whatever the debate cost.
inline constexpr std::size_t kMaxBaselineSolutions = 64;

/// Runs the baseline of `debate` (finished, its metrics filled) on `runner`'s agents: round-robin solutions from
/// each agent's proposal prompt, each with its own sample number and a slightly higher temperature so that they
/// differ, in batches sized so that the solutions and the synthesis that reads them come closest to the debate's
/// total tokens; then `synthesis` over them. Fills `out` (solutions, tokens, final solution, vote, stopped); the
/// cost (heard from the calls' events) and the comparison with the debate are the caller's. A failed call stops the
/// solutions and is said in `out.stopped`; only a cancellation is returned as an error (the run is interrupted and
/// resumes where it stopped).
[[nodiscard]] Result<void> run_baseline(PhaseRunner& runner, const DebateState& debate, SynthesisStrategy& synthesis,
                                        Baseline& out, std::stop_token stop);

} // namespace parley::debate
