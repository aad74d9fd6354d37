#pragma once
// Computes the positions of positions.hpp from a debate: the rule review of each agent's current design after a
// phase, what moved in a round and whether a critique raised it, the minority report and the shadow report of a
// fixed run. Pure functions of the state and the designs given: a resumed or replayed debate gets the same.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "debate/debate_state.hpp"

namespace parley::debate {

/// How the rule review reads `design` for `problem`: the status of every concern the problem asks for
/// (review::problem_asks_for) and the capacity verdicts.
AgentPosition position_of(const std::string& agent_id, std::string_view design, std::string_view problem);

/// Appends to state.positions every agent's position (`agent_ids` in agent order, `designs` by agent id) after
/// `phase` of `round`; nothing for a debate the review does not apply to (is_reviewed).
void record_positions(DebateState& state, int round, const std::string& phase,
                      const std::vector<std::string>& agent_ids, const std::map<std::string, std::string>& designs);

/// The concern ids a critique raises, by the review's own matching: every concern the review of the critique's text
/// does not find absent (a critique naming a mechanism, or its lack, touches that concern).
std::set<std::string> concerns_raised(std::string_view critique);

/// Share of concerns on which every agent of `snapshot` holds the same status (1 with fewer than two agents).
double agreement_of(const PositionSnapshot& snapshot);

/// What moved in `round`: its last snapshot against the one before it, each change checked against the critiques
/// the agent received in that round (state.rounds); none when the round has no snapshot after its refinements.
std::optional<RoundMovement> round_movement(const DebateState& state, int round);

/// The statuses fewer than half of the agents hold in the last snapshot, with the sentence from the review of
/// that agent's final design (`designs` by agent id), in agent then checklist order.
std::vector<MinorityPosition> minority_report(const DebateState& state,
                                              const std::map<std::string, std::string>& designs);

/// For a debate that ran its rounds: the first round after which no position changed (and, with `agreement`, the
/// first whose agreement reached it), and the interim-judge rules, which cannot be told without interim calls;
/// each with the changes made after it.
std::vector<ShadowStop> shadow_stops(const DebateState& state, std::optional<double> agreement);

} // namespace parley::debate
