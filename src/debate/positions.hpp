#pragma once
// Where each agent stands after every phase that produces a design, as the rule review reads its design (status
// per checklist concern, capacity verdicts); what moved in each round and whether a critique caused it; the
// positions a minority held to the end; and how the debate decided to stop. The types and their JSON
// (`parley.positions`, `parley.movement`, `parley.minority`, `parley.termination`); position_tracking.hpp computes
// them.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace parley::debate {

/// How the rule review reads one agent's current design.
struct AgentPosition {
    std::string agent_id;
    /// concern id (the checklist's, as in the review's `concern:ID` flag keys) -> covered/partial/absent/contradicted
    std::map<std::string, std::string> concerns;
    int capacity_ok = 0;      ///< capacity checks whose arithmetic holds
    int capacity_wrong = 0;   ///< capacity checks whose arithmetic is wrong
    int capacity_unknown = 0; ///< capacity checks the review cannot settle
};

/// Every agent's position after one phase, in agent order.
struct PositionSnapshot {
    int round = 0;
    std::string phase; ///< "proposal", "design" (the design tabled in a design-review debate) or "refinement"
    std::vector<AgentPosition> agents;
};

/// One agent's status on one concern changed in a round.
struct PositionChange {
    std::string agent_id;
    std::string concern;
    std::string from;
    std::string to;
    bool with_cause = false;  ///< a critique the agent received that round raised the concern
    bool to_majority = false; ///< `to` is the status most other agents held before the round
};

/// What moved in one round: the positions after its refinements against those before its critiques.
struct RoundMovement {
    int round = 0;
    double agreement = 0; ///< share of concerns on which every agent holds the same status after the round
    std::vector<PositionChange> changes;
};

/// A status on a concern that fewer than half of the agents held in their final designs.
struct MinorityPosition {
    std::string agent_id;
    std::string concern;
    std::string status;
    int since_round = 0;  ///< the round from whose end (or proposal) the agent held it without a break
    std::string evidence; ///< the sentence of the review's evidence, or what its design does not state
};

/// The interim judge's confidence after one round (convergence and quality termination).
struct InterimJudgement {
    int round = 0;
    std::optional<double> confidence; ///< 0-100; none when the answer gave no usable figure
    std::string note;                 ///< the judge's one-line reason, or why there is no figure
};

/// When a stopping rule would have stopped a debate that ran on, and what changed after that round.
struct ShadowStop {
    std::string rule;                 ///< "stable", "stable (agreement >= 0.8)", "convergence >= 80", ...
    std::optional<int> round;         ///< none: the rule would not have stopped it, or cannot be told
    int changes_after = 0;            ///< position changes in the rounds after `round`
    int changes_with_cause_after = 0; ///< of those, the ones a critique raised
    std::string note;                 ///< why it cannot be told, when it cannot
};

/// How the debate decided to stop (`parley.termination`).
struct TerminationRecord {
    std::string type = "fixed"; ///< fixed, convergence, quality or stable
    std::optional<double> threshold;
    std::optional<double> agreement; ///< stable: the share of agreement that also stops it
    int max_rounds = 0;
    int stopped_after_round = 0;
    std::string reason;
    std::vector<InterimJudgement> interim;
    std::vector<ShadowStop> shadow; ///< a fixed run: when each rule would have stopped it
};

/// The `parley.positions` array.
nlohmann::json positions_json(const std::vector<PositionSnapshot>& positions);
/// The `parley.movement` array.
nlohmann::json movement_json(const std::vector<RoundMovement>& movement);
/// The `parley.minority` array.
nlohmann::json minority_json(const std::vector<MinorityPosition>& minority);
/// The `parley.termination` object.
nlohmann::json termination_json(const TerminationRecord& termination);

/// What is wrong with a field read back, with its JSON path ("parley.positions[0].round").
struct JsonFault {
    std::string path;
    std::string what;
};

/// Reads `parley.positions` (at `path`).
tl::expected<std::vector<PositionSnapshot>, JsonFault> positions_from_json(const nlohmann::json& j,
                                                                           const std::string& path);
/// Reads `parley.movement`.
tl::expected<std::vector<RoundMovement>, JsonFault> movement_from_json(const nlohmann::json& j,
                                                                       const std::string& path);
/// Reads `parley.minority`.
tl::expected<std::vector<MinorityPosition>, JsonFault> minority_from_json(const nlohmann::json& j,
                                                                          const std::string& path);
/// Reads `parley.termination`.
tl::expected<TerminationRecord, JsonFault> termination_from_json(const nlohmann::json& j, const std::string& path);

} // namespace parley::debate
