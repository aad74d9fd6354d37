#pragma once
// The report's view of positions per round (debate/positions.hpp): what moved in each round and why, the minority
// report and how the debate stopped, in Markdown and as an agent × concern grid per round in HTML.

#include <string>

#include "debate/debate_state.hpp"
#include "report/participants.hpp"

namespace parley::report {

/// The lines the summary adds: how the debate stopped, in one line, and the minority report (Markdown, its
/// heading at `level`); empty for a file that records neither.
std::string dynamics_summary_markdown(const debate::DebateState& state, const Participants& people, int level);

/// "## Positions per round" (agreement and changes with and without cause per round) and "## Termination" (the
/// rule, why it stopped, the interim confidences, the shadow report) at heading `level`.
std::string positions_markdown(const debate::DebateState& state, const Participants& people, int level);

/// The same for the summary of the HTML report: the termination line and the minority report.
std::string dynamics_summary_html(const debate::DebateState& state, const Participants& people);

/// The HTML sections `positions` (an agent × concern grid per round, colour and text, scrolling in its box) and
/// `termination`.
std::string positions_html(const debate::DebateState& state, const Participants& people);

} // namespace parley::report
