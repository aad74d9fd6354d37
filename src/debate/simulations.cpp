#include "debate/simulations.hpp"

#include "review/review.hpp"

namespace parley::debate {

std::vector<AgentSimulation> simulate_proposals(const PhaseRunner& runner, const DebateState& state) {
    std::vector<AgentSimulation> out;
    // A dry run's proposals are stand-ins: there is nothing to simulate.
    if (!runner.answers_are_real() || !review::is_task_queue_problem(state.problem)) {
        return out;
    }
    for (const auto& agent : runner.agents()) {
        out.push_back({agent.config.id, agent.config.name,
                       sim::brief_simulation(runner.latest_proposal(agent.config.id), state.problem)});
    }
    return out;
}

std::string simulations_material(const std::vector<AgentSimulation>& simulations) {
    if (simulations.empty()) {
        return "(none: the problem is not a task or job queue)";
    }
    std::string text;
    for (const auto& a : simulations) {
        text += "### " + a.agent_name + "\n\n";
        for (const auto& line : sim::brief_lines(a.brief)) {
            text += "- " + line + "\n";
        }
        text += "\n";
    }
    return text;
}

void simulate_final_solution(DebateState& state) {
    if (!state.final_solution || !review::is_task_queue_problem(state.problem)) {
        return;
    }
    const auto& s = *state.final_solution;
    state.final_simulation =
        sim::brief_simulation(review::solution_text(s.description, s.implementation), state.problem);
}

} // namespace parley::debate
