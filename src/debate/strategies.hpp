#pragma once
// The seams of the debate protocol: when to stop debating (termination) and how the final solution is made
// (synthesis). Fixed rounds and the judge are today's; a new rule or method is one more class here and one
// Strategies value given to the Orchestrator, with no change elsewhere.

#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "debate/debate_state.hpp"
#include "debate/phase_runner.hpp"
#include "debate/solution_parser.hpp"

namespace parley::debate {

/// Decides, before each round, whether the debate runs it.
class TerminationStrategy {
public:
    virtual ~TerminationStrategy() = default;
    /// True when round `finished_rounds + 1` should run; `state` holds every round run so far (with its positions,
    /// movement and interim judgements).
    [[nodiscard]] virtual bool another_round(const DebateState& state, int finished_rounds) const = 0;
    /// Runs after each round, before another_round is asked: the interim judge's call for the rules that need one,
    /// recorded in state.termination.
    [[nodiscard]] virtual Result<void> after_round(PhaseRunner&, DebateState&, int /*finished_rounds*/,
                                                   std::stop_token) const {
        return {};
    }
    /// Why the debate stopped after `finished_rounds`, in one line.
    virtual std::string reason(const DebateState&, int finished_rounds) const {
        return "stopped after round " + std::to_string(finished_rounds);
    }
};

/// Makes the debate's final solution from the agents' latest proposals.
class SynthesisStrategy {
public:
    virtual ~SynthesisStrategy() = default;
    /// Fills state.final_solution (and whatever else it records) using the orchestrator's calls.
    [[nodiscard]] virtual Result<void> synthesize(PhaseRunner& runner, DebateState& state, std::stop_token stop) = 0;
};

/// Runs a set number of rounds.
class FixedRounds final : public TerminationStrategy {
public:
    /// Runs `rounds` rounds.
    explicit FixedRounds(int rounds) : rounds_(rounds) {}
    bool another_round(const DebateState& state, int finished_rounds) const override;
    std::string reason(const DebateState& state, int finished_rounds) const override;

private:
    int rounds_;
};

/// parley's stable rule: stops when no agent's position changed in a round (or when the agreement of the round
/// reaches `agreement`), at most `max_rounds`. No extra call: it reads state.movement.
class StableRounds final : public TerminationStrategy {
public:
    /// Runs at most `max_rounds`; `agreement`: a share (0-1) of agreement that also stops it.
    StableRounds(int max_rounds, std::optional<double> agreement) : max_rounds_(max_rounds), agreement_(agreement) {}
    bool another_round(const DebateState& state, int finished_rounds) const override;
    std::string reason(const DebateState& state, int finished_rounds) const override;

private:
    /// Why round `round` stops the debate; empty when it does not.
    std::string stop_reason(const DebateState& state, int round) const;

    int max_rounds_;
    std::optional<double> agreement_;
};

/// dialectic's convergence and quality rules: after each round but the last, the judge gives its confidence
/// (convergence: that the designs have converged; quality: that the best one meets the problem); the debate stops
/// when it reaches the threshold, at most `max_rounds`.
class JudgedRounds final : public TerminationStrategy {
public:
    /// `question`: what the judge is asked; `threshold`: 0-100.
    JudgedRounds(llm::InterimQuestion question, double threshold, int max_rounds)
        : question_(question), threshold_(threshold), max_rounds_(max_rounds) {}
    bool another_round(const DebateState& state, int finished_rounds) const override;
    Result<void> after_round(PhaseRunner& runner, DebateState& state, int finished_rounds,
                             std::stop_token stop) const override;
    std::string reason(const DebateState& state, int finished_rounds) const override;

private:
    /// The interim judgement of `round`, or nullptr.
    const InterimJudgement* judgement(const DebateState& state, int round) const;

    llm::InterimQuestion question_;
    double threshold_;
    int max_rounds_;
};

/// The termination strategy `settings.termination` configures, with settings.rounds as its (most) rounds.
std::shared_ptr<const TerminationStrategy> make_termination(const DebateSettings& settings);

/// The judge reads every final proposal (condensed first when they are long) and writes the solution; in a
/// design-review debate it decides on the given design (accept, accept with changes, reject) and writes the design
/// as it should ship.
class JudgeSynthesis final : public SynthesisStrategy {
public:
    /// `settings` gives the summarization the judge falls back on.
    explicit JudgeSynthesis(const DebateSettings& settings) : settings_(settings) {}
    Result<void> synthesize(PhaseRunner& runner, DebateState& state, std::stop_token stop) override;

private:
    /// The judge's summary of `proposals` when they pass its threshold (a phase begun either way).
    Result<void> condense(PhaseRunner& runner, DebateState& state, std::string& proposals, std::stop_token stop);
    /// Asks the judge once more, with the check's error and the schema, when its answer failed the check;
    /// `parsed` becomes the second answer's reading (a failure again stays a failure).
    Result<void> repair(PhaseRunner& runner, DebateState& state, const PhaseCall& asked, const std::string& answer,
                        ParsedSolution& parsed, std::stop_token stop);
    /// The judge's call: the synthesis, or in a design-review debate (`--design`) the decision on the given design.
    PhaseCall judge_call(PhaseRunner& runner, DebateState& state, const std::string& proposals,
                         const std::string& summaries);

    DebateSettings settings_;
};

/// Every agent ranks the designs that are not its own (one structured ballot each, repaired once); a Borda count
/// picks the winner, ties broken by the review's flags, then by agent order (debate/voting.hpp). The winning design
/// becomes the final solution; no judge is asked. A ballot that fails its check twice is recorded as invalid and
/// counts nothing. The ballots, the count and the tie-break go to state.voting.
class VotingSynthesis final : public SynthesisStrategy {
public:
    Result<void> synthesize(PhaseRunner& runner, DebateState& state, std::stop_token stop) override;
};

/// The synthesis a config's "synthesisMethod" names.
std::shared_ptr<SynthesisStrategy> synthesis_for(const DebateSettings& settings);

/// The strategies an Orchestrator runs with; an empty one means today's (fixed rounds, the judge).
struct Strategies {
    std::shared_ptr<const TerminationStrategy> termination;
    std::shared_ptr<SynthesisStrategy> synthesis;
};

} // namespace parley::debate
