#pragma once
// The summary that opens an HTML report: what a team lead needs to decide, on the first screen.

#include <string>

#include "debate/debate_state.hpp"
#include "report/participants.hpp"

namespace parley::report {

/// The `<section id="summary">`: the decision, the confidence, the requirement scorecard (task-queue problems),
/// the trade-offs and unmet requirements, the open questions and the run's cost, tokens, calls and time.
std::string html_summary_section(const debate::DebateState& state, const Participants& people);

} // namespace parley::report
