#pragma once
// The simulation (sim/brief.hpp) of each agent's final proposal, as material for the judge, and of the final
// solution, for the report: a short deterministic run of the queue each one describes, task-queue problems only.

#include <string>
#include <vector>

#include "debate/debate_state.hpp"
#include "debate/phase_runner.hpp"

namespace parley::debate {

/// Simulates each agent's latest proposal against the problem, in agent order; empty when the problem is not a
/// task or job queue.
std::vector<AgentSimulation> simulate_proposals(const PhaseRunner& runner, const DebateState& state);

/// The judge's `{{simulations}}` material: per agent a heading and its brief's lines; "(none: ...)" when empty.
std::string simulations_material(const std::vector<AgentSimulation>& simulations);

/// Sets `state.final_simulation` from the final solution (task-queue problems only).
void simulate_final_solution(DebateState& state);

} // namespace parley::debate
