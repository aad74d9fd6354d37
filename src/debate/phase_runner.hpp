#pragma once
// What the orchestrator offers the strategies that plug into it: its participants, their latest proposals, and the
// one way to make a phase's calls (through the executor, recorded in the state).

#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "llm/provider.hpp"

namespace parley::debate {

/// A participant ready to run: its config and the provider it calls.
struct Participant {
    AgentConfig config;
    std::shared_ptr<llm::Provider> provider;
};

/// One call of a phase: who makes it and the request, whose context says what it is for.
struct PhaseCall {
    const Participant* who = nullptr;
    llm::ChatRequest request;
    std::string unfit; ///< when not empty: why the request cannot fit its participant's context budget (not sent)
};

/// One design a synthesis chooses from or merges.
struct FinalDesign {
    std::string id; ///< the agent's id in a debate; "AGENT#N" for the baseline's Nth solution
    const Participant* author = nullptr;
    std::string heading; ///< how a prompt heads it: "Name (role)"
    std::string text;
};

/// The orchestrator as a strategy sees it.
class PhaseRunner {
public:
    virtual ~PhaseRunner() = default;

    /// The debating agents, in order.
    virtual const std::vector<Participant>& agents() const = 0;
    /// The judge.
    virtual const Participant& judge() const = 0;
    /// An agent's latest proposal or refinement.
    virtual const std::string& latest_proposal(const std::string& agent_id) const = 0;
    /// The number of rounds run so far.
    virtual int rounds_run() const = 0;
    /// The designs the synthesis works from, in agent order: in a debate, each agent's latest proposal.
    virtual std::vector<FinalDesign> final_designs() const {
        std::vector<FinalDesign> out;
        for (const auto& agent : agents()) {
            out.push_back({agent.config.id, &agent, agent.config.name + " (" + agent.config.role + ")",
                           latest_proposal(agent.config.id)});
        }
        return out;
    }

    /// A call of `who` for `purpose` in `round`, from its prompt of `kind` with `values` on top of the values every
    /// prompt gets (problem, clarifications, agent, role, round).
    [[nodiscard]] virtual PhaseCall call(const DebateState& state, const Participant& who, int round,
                                         llm::Purpose purpose, PromptKind kind,
                                         const std::map<std::string, std::string>& values) = 0;
    /// Runs the calls of one phase as one batch; the answers come back in call order. A phase without calls is
    /// begun all the same (a dry run plans it).
    [[nodiscard]] virtual Result<std::vector<llm::ChatResponse>>
    run_phase(DebateState& state, const std::string& name, std::vector<PhaseCall> calls, std::stop_token stop) = 0;
    /// What a contribution records of the call that made it.
    virtual CallMetadata metadata(const Participant& who, const llm::ChatResponse& response) const = 0;
    /// Tells the user something worth knowing while the debate runs.
    virtual void tell(const std::string& message) const = 0;
    /// Says something the user must hear even without -v (the judge ignored the answer format).
    virtual void warn(const std::string& message) const = 0;
    /// False in a dry run, whose answers are stand-ins of the right size: they are not checked or repaired.
    virtual bool answers_are_real() const { return true; }
};

} // namespace parley::debate
