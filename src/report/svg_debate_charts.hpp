#pragma once
// The charts of a debate's HTML report, built from what its file records.

#include "debate/debate_state.hpp"
#include "report/participants.hpp"
#include "report/svg_chart.hpp"

namespace parley::report {

/// Wall time of each phase, in the order the phases ran.
BarChart phase_time_chart(const debate::DebateState& state);

/// Tokens of each phase (prompt and completion), from the answers the file records; a phase whose answers are
/// not recorded (the synthesis) shows as not recorded rather than as 0.
BarChart phase_token_chart(const debate::DebateState& state);

/// What each participant's calls cost, agents in configured order, then the judge.
BarChart agent_cost_chart(const debate::DebateState& state, const Participants& people);

/// Median and 95th-percentile latency of each provider.
BarChart provider_latency_chart(const debate::DebateState& state);

} // namespace parley::report
