#pragma once
// The equal-cost baseline of a debate (`parley debate --baseline vote`) as the debate JSON keeps it
// (`parley.baseline`): the same models' independent single-shot solutions, what they cost beside the debate, the one
// the same synthesis made of them, and how it compares with the debate's. `parley sweep diff` reads this shape.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "debate/voting.hpp"

namespace parley::debate {

/// One independent solution of the baseline.
struct BaselineSolution {
    std::string id;       ///< "AGENT#N": the agent's Nth solution
    std::string agent_id; ///< who wrote it
    int sample = 1;       ///< N
    std::string text;
    long tokens = 0; ///< its call's tokens
};

/// The baseline of one debate and its comparison with the debate.
struct Baseline {
    std::string method = "vote";
    long debate_tokens = 0;              ///< every call of the debate, its synthesis included
    long baseline_tokens = 0;            ///< the baseline's solutions and its synthesis
    std::optional<double> debate_cost;   ///< USD; none when any call had no price (unknown, never $0)
    std::optional<double> baseline_cost; ///< USD; none when any call had no price
    std::vector<BaselineSolution> solutions;
    std::string final_text;       ///< the baseline's final solution: the synthesis's description and implementation
    std::string synthesized_by;   ///< the judge's id, or "voting"
    std::optional<Voting> voting; ///< the baseline's vote, when the synthesis is a vote
    std::string stopped;          ///< why the solutions stopped short of the debate's tokens (a budget); "" when not
    nlohmann::json review = nlohmann::json::object();     ///< {"debate": {...}, "baseline": {...}}
    nlohmann::json comparison = nlohmann::json::object(); ///< the eval panel, both orders, with the flip rate
    nlohmann::json simulation = nlohmann::json::object(); ///< {"debate": brief, "baseline": brief} (task queues)
    std::string verdict = "unknown"; ///< "beat", "tied", "lost" or "unknown": the debate against its baseline
    std::string reason;              ///< one line: on what the verdict rests, at what cost
};

/// The baseline as `parley.baseline` holds it.
nlohmann::json to_json(const Baseline& baseline);

/// Reads `parley.baseline`; a malformed record reads as nothing (it is shown beside the debate, never needed to load
/// it).
std::optional<Baseline> baseline_from_json(const nlohmann::json& j);

/// Decides `verdict` and `reason` from what was compared: the eval panel's winner when both orders agreed, else the
/// review's flags (then its partial concerns), else unknown.
void decide_verdict(Baseline& baseline);

/// The one summary line: "The debate beat its equal-cost baseline ...".
std::string baseline_line(const Baseline& baseline);

} // namespace parley::debate
