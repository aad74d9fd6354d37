#pragma once
// What a debate will do before it does it (`parley debate --dry-run`): its calls per phase, and a token and
// cost range estimated from the prompt templates, the problem and how histories grow round after round.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "debate/estimating_executor.hpp"
#include "llm/pricing.hpp"

namespace parley::debate {

/// A low and a high estimate of a token count.
struct TokenRange {
    long low = 0;
    long high = 0;
};

/// One phase of the planned debate, named as the run names it ("round 1 critiques").
struct PlannedPhase {
    std::string name;
    long calls = 0;          ///< calls the phase always makes
    long optional_calls = 0; ///< summary calls made only for histories past their threshold
    TokenRange prompt_tokens;
    TokenRange completion_tokens;
};

/// The debate to plan: who takes part and how it runs.
struct PlanInput {
    std::vector<AgentConfig> agents; ///< the agents taking part, in order
    AgentConfig judge;
    DebateSettings settings;
    bool clarify = false;
    std::string problem;
    std::optional<GivenDesign> design; ///< a design-review debate (`--design`): the design under review
};

/// The planned calls and the estimated tokens and cost of a debate.
struct Plan {
    std::size_t agents = 0;
    int rounds = 0;
    std::string design; ///< a design-review debate: the design's path as given; empty otherwise
    std::vector<PlannedPhase> phases;
    long calls = 0;          ///< Orchestrator::planned_calls: every call when no summary is triggered
    long optional_calls = 0; ///< summary calls that may come on top
    TokenRange prompt_tokens;
    TokenRange completion_tokens;
    util::Money cost_low;  ///< with the calls whose model has no price counted as unknown; offline calls are free
    util::Money cost_high; ///< likewise, with every answer as long as its maxTokens allows
    std::vector<std::string> unpriced_models; ///< models with no price, sorted; their cost is unknown
    std::string stops; ///< when not empty: why the debate would stop (a prompt that cannot fit its budget)
};

/// Plans a debate without calling anything: the orchestrator runs it twice over an EstimatingExecutor. Tokens are
/// estimated at four characters each; the low estimate assumes answers of kPlanLowCompletionTokens, the high one
/// answers of maxTokens (kPlanDefaultMaxTokens when unset), each with the summaries that answers of that length
/// would trigger.
Plan plan_debate(const PlanInput& input, const llm::PriceTable& prices);

/// A planned cost from its low to its high estimate, its unknown part said: "~$0.01 – $0.03", "~$0.01 – $0.03 +
/// unknown for 4 calls", "unknown (13 calls unpriced)".
std::string format_cost_range(const util::Money& low, const util::Money& high);

/// The plan as `parley debate --dry-run` prints it: a line per phase, the totals and the cost range (or which
/// models have no price).
std::string format_plan(const Plan& plan);

} // namespace parley::debate
