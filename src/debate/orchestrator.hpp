#pragma once
// Runs a debate: clarifications, then rounds of proposals, critiques and refinements (with summaries) for as long
// as its termination strategy says, then its synthesis strategy.

#include <functional>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "debate/call_executor.hpp"
#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "debate/phase_runner.hpp"
#include "debate/strategies.hpp"
#include "llm/pricing.hpp"

namespace parley::debate {

/// Things worth telling a user while a debate runs (phase started or finished).
using ProgressFunction = std::function<void(const std::string& message)>;

/// Drives one debate through its phases. Each phase is one batch on the executor.
class Orchestrator final : private PhaseRunner {
public:
    /// With `prices`, every contribution records what its call cost (network providers only). Empty `strategies`
    /// mean fixed rounds (settings.rounds) and the judge.
    Orchestrator(std::vector<Participant> agents, Participant judge, DebateSettings settings, CallExecutor& executor,
                 ProgressFunction progress = {}, const llm::PriceTable* prices = nullptr, Strategies strategies = {});

    /// Asks every agent for up to settings.max_clarifications questions (answers left empty).
    [[nodiscard]] Result<std::vector<AgentClarifications>> ask_clarifications(DebateState& state, std::stop_token stop);

    /// Runs every round and the synthesis, filling `state` as it goes so that work done before a failure is kept.
    /// The problem and any answered clarifications must already be in `state`.
    [[nodiscard]] Result<void> run(DebateState& state, std::stop_token stop);

    /// This orchestrator as its strategies see it, for what runs after the debate on the same calls (the equal-cost
    /// baseline, debate/baseline.hpp).
    PhaseRunner& phase_runner() { return *this; }

    /// Where warnings go (a judge answer that is not the JSON asked for); without it they go nowhere, as in the
    /// protocol runs that count or estimate calls.
    void on_warning(ProgressFunction warn) { warn_ = std::move(warn); }

    /// The number of calls a debate of this shape makes when no summary is triggered, counted by running the
    /// protocol over an executor that calls nothing; `design`: a design-review debate (`--design`); `interim`: a
    /// termination rule that asks the judge after each round but the last (planned at its maximum of rounds); with
    /// `synthesis` voting, the ballots instead of the judge's call.
    [[nodiscard]] static long planned_calls(std::size_t agents, int rounds, bool clarify, bool design = false,
                                            bool interim = false, SynthesisMethod synthesis = SynthesisMethod::judge);

private:
    // PhaseRunner: what the strategies use.
    const std::vector<Participant>& agents() const override { return agents_; }
    const Participant& judge() const override { return judge_; }
    const std::string& latest_proposal(const std::string& agent_id) const override;
    int rounds_run() const override { return rounds_run_; }
    PhaseCall call(const DebateState& state, const Participant& who, int round, llm::Purpose purpose, PromptKind kind,
                   const std::map<std::string, std::string>& values) override;
    Result<std::vector<llm::ChatResponse>> run_phase(DebateState& state, const std::string& name,
                                                     std::vector<PhaseCall> calls, std::stop_token stop) override;
    CallMetadata metadata(const Participant& who, const llm::ChatResponse& response) const override;
    void tell(const std::string& message) const override;
    void warn(const std::string& message) const override;
    bool answers_are_real() const override { return executor_.answers_are_real(); }

    // The phases of a round.
    Result<void> run_round(DebateState& state, int round, std::stop_token stop);
    Result<void> propose(DebateState& state, int round, std::stop_token stop);
    /// Round 1 of a design-review debate: the given design is every agent's proposal on the table.
    void table_design(DebateState& state);
    /// Records every agent's position after `phase` of `round` (and, after refinements, what moved in the round).
    void note_positions(DebateState& state, int round, const std::string& phase) const;
    /// Round 1 of a design-review debate: every agent critiques the given design once.
    Result<void> critique_design(DebateState& state, int round, std::stop_token stop);
    Result<void> summarize_if_needed(DebateState& state, Round& round, std::stop_token stop);
    Result<void> critique(DebateState& state, int round, std::stop_token stop);
    Result<void> refine(DebateState& state, int round, std::stop_token stop);

    Error named_error(Error e, const PhaseCall& call, const std::string& phase) const;
    /// Declares `who`'s tools on a request of a phase that uses them, and says so in its system prompt.
    void add_tools(const Participant& who, llm::ChatRequest& request) const;
    void record(DebateState& state, const PhaseCall& call, const llm::ChatResponse& response,
                ContributionType type) const;

    std::vector<Participant> agents_;
    Participant judge_;
    DebateSettings settings_;
    CallExecutor& executor_;
    ProgressFunction progress_;
    ProgressFunction warn_;
    const llm::PriceTable* prices_;
    Strategies strategies_;
    int rounds_run_ = 0;
    std::map<std::string, std::string> current_;                   ///< agent id -> its latest proposal or refinement
    std::map<std::string, std::string> history_;                   ///< agent id -> accumulated history (or its summary)
    std::map<std::string, bool> history_summarized_;               ///< agent id -> true once history_ holds a summary
    std::map<std::string, std::string> received_;                  ///< agent id -> the critiques it received this round
    std::map<std::string, std::vector<std::string>> critic_roles_; ///< agent id -> its critics' roles this round
    std::shared_ptr<const std::string> problem_;                   ///< the problem every call's context shares
    std::shared_ptr<const std::string>
        design_; ///< a design-review debate: the given design every call's context shares
};

} // namespace parley::debate
