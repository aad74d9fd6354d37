#pragma once
// The interim judge of convergence and quality termination: its call after a round (every agent's current design
// before it, its question typed in the call context) and the reading of its answer, a 0-100 confidence.

#include <string>
#include <string_view>

#include "debate/phase_runner.hpp"
#include "debate/positions.hpp"

namespace parley::debate {

/// "convergence" or "quality".
const char* to_string(llm::InterimQuestion question);

/// The judge's call after `round`: the current designs of `runner`'s agents under "### Name (role)" headings, and in
/// the call context as documents in agent order.
PhaseCall interim_judge_call(PhaseRunner& runner, const DebateState& state, int round, llm::InterimQuestion question);

/// Reads the judge's answer: the `confidence` (0-100) and `reason` of its JSON object; a missing or out-of-range
/// figure gives no confidence and a note that says why.
InterimJudgement parse_interim_judgement(int round, std::string_view answer);

} // namespace parley::debate
