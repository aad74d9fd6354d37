#pragma once
// Runs a debate: clarifications, rounds of proposals, critiques and refinements, summaries, and the judge.

#include <functional>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "debate/call_executor.hpp"
#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "llm/pricing.hpp"

namespace parley::debate {

/// A participant ready to run: its config and the provider it calls.
struct Participant {
    AgentConfig config;
    std::shared_ptr<llm::Provider> provider;
};

/// Things worth telling a user while a debate runs (phase started or finished).
using ProgressFunction = std::function<void(const std::string& message)>;

/// Drives one debate through its phases. Each phase is one batch on the executor.
class Orchestrator {
public:
    /// With `prices`, every contribution records what its call cost (network providers only).
    Orchestrator(std::vector<Participant> agents, Participant judge, DebateSettings settings, CallExecutor& executor,
                 ProgressFunction progress = {}, const llm::PriceTable* prices = nullptr);

    /// Asks every agent for up to settings.max_clarifications questions (answers left empty).
    Result<std::vector<AgentClarifications>> ask_clarifications(DebateState& state, std::stop_token stop);

    /// Runs every round and the judge, filling `state` as it goes so that work done before a failure is kept.
    /// The problem and any answered clarifications must already be in `state`.
    Result<void> run(DebateState& state, std::stop_token stop);

    /// The number of calls a debate of this shape makes when no summary is triggered.
    static long planned_calls(std::size_t agents, int rounds, bool clarify);

private:
    struct Memory;
    struct PhaseCall;

    Result<std::vector<llm::ChatResponse>> run_phase(DebateState& state, const std::string& name,
                                                     std::vector<PhaseCall> calls, std::stop_token stop);
    Result<void> summarize_if_needed(DebateState& state, Round& round, std::stop_token stop);
    Result<void> synthesize(DebateState& state, std::stop_token stop);

    CallMetadata metadata(const Participant& p, const llm::ChatResponse& response) const;
    std::map<std::string, std::string> base_values(const DebateState& state, const Participant& p, int round) const;
    llm::CallContext context_for(const DebateState& state, const Participant& p, int round, llm::Purpose purpose);
    llm::ChatRequest make_request(const Participant& p, const std::map<std::string, std::string>& values,
                                  PromptKind kind, llm::CallContext context) const;

    std::vector<Participant> agents_;
    Participant judge_;
    DebateSettings settings_;
    CallExecutor& executor_;
    ProgressFunction progress_;
    const llm::PriceTable* prices_;
    std::map<std::string, std::string> current_;     ///< agent id -> its latest proposal or refinement
    std::map<std::string, std::string> history_;     ///< agent id -> accumulated history (or its summary)
    std::map<std::string, bool> history_summarized_; ///< agent id -> true once history_ holds a summary
    std::shared_ptr<const std::string> problem_;     ///< the problem every call's context shares
};

} // namespace parley::debate
