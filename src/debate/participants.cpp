#include "debate/participants.hpp"

#include <algorithm>

#include "debate/roles.hpp"

namespace parley::debate {

namespace {

const AgentConfig* configured(const DebateConfig* config, const std::string& id) {
    if (config == nullptr) {
        return nullptr;
    }
    if (config->judge.id == id) {
        return &config->judge;
    }
    const auto it =
        std::find_if(config->agents.begin(), config->agents.end(), [&](const AgentConfig& a) { return a.id == id; });
    return it == config->agents.end() ? nullptr : &*it;
}

ParticipantInfo from_config(const AgentConfig& agent) {
    return {agent.id, agent.name, agent.role, agent.model, agent.provider.kind, agent.temperature, true};
}

std::string clarification_name(const DebateState& state, const std::string& id) {
    for (const auto& group : state.clarifications) {
        if (group.agent_id == id && !group.agent_name.empty()) {
            return group.agent_name;
        }
    }
    return {};
}

// The name a participant known only from its contributions goes by: the one it asked questions under, else its
// role's default ("System Architect"), else its id.
std::string derived_name(const DebateState& state, const std::string& id, const std::string& role) {
    if (auto name = clarification_name(state, id); !name.empty()) {
        return name;
    }
    if (auto canonical = canonical_role(role)) {
        return default_agent_name(*canonical);
    }
    return id;
}

void fill_agents(DebateState& state, const DebateConfig* config) {
    for (const auto& round : state.rounds) {
        for (const auto& c : round.contributions) {
            const bool seen = std::any_of(state.agents.begin(), state.agents.end(),
                                          [&](const ParticipantInfo& a) { return a.id == c.agent_id; });
            if (seen) {
                continue;
            }
            if (const AgentConfig* agent = configured(config, c.agent_id)) {
                state.agents.push_back(from_config(*agent));
            } else {
                state.agents.push_back({c.agent_id, derived_name(state, c.agent_id, c.agent_role), c.agent_role,
                                        c.metadata.model, c.metadata.provider, 0, false});
            }
        }
    }
}

void fill_judge(DebateState& state, const DebateConfig* config) {
    std::string id = state.final_solution ? state.final_solution->synthesized_by : std::string();
    if (id.empty() && state.judge_summary) {
        id = state.judge_summary->agent_id;
    }
    if (config != nullptr && (id.empty() || id == config->judge.id)) {
        state.judge = from_config(config->judge);
    } else if (!id.empty()) {
        const std::string role = state.judge_summary ? state.judge_summary->agent_role : std::string();
        // dialectic's default judge is "judge-main", named "Technical Judge"; any other id is its own name.
        state.judge = ParticipantInfo{id, id == "judge-main" ? "Technical Judge" : id, role, "", "", 0, false};
    }
}

} // namespace

void fill_participants(DebateState& state, const DebateConfig* config) {
    if (state.agents.empty()) {
        fill_agents(state, config);
    }
    if (!state.judge) {
        fill_judge(state, config);
    }
}

} // namespace parley::debate
