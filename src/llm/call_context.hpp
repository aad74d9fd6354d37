#pragma once
// What a model call is for, typed: which run, debate, round, phase and agent it belongs to. Carried on every
// request for priority, progress, metrics and the offline provider; never sent over the network and never part of
// a network call's identity.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::llm {

/// What the answer of a call is for.
enum class Purpose {
    clarification, ///< questions an agent asks before the debate
    proposal,      ///< an agent's first design (round 1)
    critique,      ///< one agent's critique of another's proposal
    refinement,    ///< an agent's design revised after the critiques it received
    summary,       ///< an agent's history condensed
    judge_summary, ///< the final proposals condensed for the judge
    synthesis,     ///< the judge's final solution
    evaluation,    ///< an evaluator's scores of one document
    comparison,    ///< an evaluator's verdict on which of two documents is better
    interim_judge, ///< the judge's confidence after a round, for convergence or quality termination
    ballot,        ///< an agent's ranking of the other agents' final designs (synthesisMethod "voting")
    baseline,      ///< one independent single-shot solution of the equal-cost baseline (`--baseline vote`)
};

/// What an interim judge call asks (terminationCondition's type).
enum class InterimQuestion {
    convergence, ///< how far the agents' current designs agree
    quality,     ///< how well the best current design meets the problem
};

/// Where in the protocol a call is made.
enum class Phase {
    clarification, ///< before the rounds
    round,         ///< proposals, critiques, refinements and summaries
    synthesis,     ///< the judge's work after the last round
    evaluation,    ///< evaluators scoring or comparing finished designs
};

/// "clarify", "proposal", "critique", "refinement", "summary", "judge-summary", "synthesis", "evaluation",
/// "comparison", "interim-judge", "ballot" or "baseline": the name logs,
/// progress, reports and the journal's prompts have always used.
const char* to_string(Purpose purpose);

/// The purpose whose to_string() is `name`, if any; how purposes written as text (logs, saved prompts) read back.
std::optional<Purpose> parse_purpose(std::string_view name);

/// The phase a purpose belongs to.
Phase phase_of(Purpose purpose);

/// The id a critique of the design under review (`parley debate --design`) names as its target.
inline constexpr const char* kGivenDesignId = "given-design";

/// One agent as a call names it.
struct AgentRef {
    std::string id;
    std::string name;
    std::string role;
};

/// The typed context of one call.
struct CallContext {
    std::string run_id;    ///< the run the call is paid by
    std::string debate_id; ///< the debate it belongs to
    Purpose purpose = Purpose::proposal;
    int round = 0;                              ///< 0 for clarifications; the last round for the judge's calls
    int total_rounds = 0;                       ///< the debate's configured rounds
    AgentRef agent;                             ///< who is asked (the judge for judge calls)
    std::optional<AgentRef> target;             ///< critique: the agent whose proposal is critiqued
    std::vector<std::string> peer_roles;        ///< refinement: the critics' roles; synthesis: every agent's role
    std::optional<long> limit;                  ///< clarification: most questions; summaries: most bytes
    std::shared_ptr<const std::string> problem; ///< the problem statement, shared by every call of a debate
    /// A design-review debate (`--design`): the design under review, as given, shared by every call; null otherwise
    std::shared_ptr<const std::string> design;
    /// evaluation: the (blinded) document judged; comparison: the two documents in the order the prompt shows them;
    /// interim_judge: every agent's current design, in agent order
    std::shared_ptr<const std::vector<std::string>> documents;
    /// interim_judge: what the judge is asked
    std::optional<InterimQuestion> interim;
    /// evaluation and comparison: which repeat of the same question this is (--samples); a sample above 0 gets an
    /// idempotency key of its own; baseline: which of the agent's independent solutions this is
    int sample = 0;
    /// ballot: the ids of the designs to rank, in the order the prompt shows them (`documents` holds their texts)
    std::vector<std::string> candidates;
    /// The agent has tools but its server no tool calling: a digest of the context folder is added to its prompt
    bool folder_digest = false;

    /// The phase this call's purpose belongs to.
    Phase phase() const { return phase_of(purpose); }
};

} // namespace parley::llm
